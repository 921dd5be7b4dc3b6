package dev.rosetta.formats.tensorflow.bundle;

import dev.rosetta.ir.DType;
import java.util.Arrays;
import org.tensorflow.proto.DataType;

/**
 * One tensor listed in a bundle's index: where its bytes are and what they hold.
 *
 * @param name the checkpoint key, e.g. {@code conv1/kernel} or
 *     {@code dense/kernel/.ATTRIBUTES/VARIABLE_VALUE}
 * @param tfType TensorFlow's element type
 * @param dtype the IR element type, or {@code null} for types the IR lacks (strings)
 * @param shape the tensor's shape
 * @param shard which data file holds it
 * @param offset where its bytes start in that file
 * @param size how many bytes it takes there
 * @param maskedCrc32c the masked CRC32C TensorFlow stored for those bytes
 * @param slices how many slices a partitioned tensor was saved in (0 for a whole tensor)
 */
public record BundleEntry(String name, DataType tfType, DType dtype, long[] shape, int shard, long offset,
                          long size, int maskedCrc32c, int slices) {
    public BundleEntry {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BundleEntry e && name.equals(e.name) && tfType == e.tfType && Arrays.equals(shape, e.shape)
                && shard == e.shard && offset == e.offset && size == e.size && maskedCrc32c == e.maskedCrc32c
                && slices == e.slices;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + ": " + TfDataTypes.describe(tfType) + Arrays.toString(shape) + " (shard " + shard + ", "
                + size + " bytes at " + offset + ")";
    }
}
