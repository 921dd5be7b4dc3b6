package dev.rosetta.formats.pytorch;

import dev.rosetta.ir.DType;
import java.util.Map;

/**
 * A PyTorch storage class named by a pickle ({@code torch.FloatStorage}, ...), standing for the
 * element type of the storage it tags in a persistent id.
 *
 * @param name the class name, e.g. {@code FloatStorage}
 * @param dtype its element type ({@link DType#UINT8} for the untyped byte storage)
 */
record StorageType(String name, DType dtype) {
    /** Storage class names by IR dtype: what the writer names and the reader accepts. */
    static final Map<DType, String> NAMES = Map.of(
            DType.FLOAT32, "FloatStorage", DType.FLOAT16, "HalfStorage", DType.BFLOAT16, "BFloat16Storage",
            DType.FLOAT64, "DoubleStorage", DType.INT64, "LongStorage", DType.INT32, "IntStorage",
            DType.INT16, "ShortStorage", DType.INT8, "CharStorage", DType.UINT8, "ByteStorage",
            DType.BOOL, "BoolStorage");

    /** The storage type for a class name, or {@code null} when the name is not one of ours. */
    static StorageType of(String name) {
        if (name.equals("UntypedStorage")) {
            return new StorageType(name, DType.UINT8);
        }
        for (Map.Entry<DType, String> e : NAMES.entrySet()) {
            if (e.getValue().equals(name)) {
                return new StorageType(name, e.getKey());
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "torch." + name;
    }
}
