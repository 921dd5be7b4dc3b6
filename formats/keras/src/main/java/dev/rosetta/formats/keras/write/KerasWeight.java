package dev.rosetta.formats.keras.write;

import dev.rosetta.ir.DType;
import dev.rosetta.ir.Tensor;
import java.util.function.Supplier;

/**
 * One weight of a Keras layer to be written: its variable name, dtype and shape, and the tensor,
 * produced only when its dataset is written (a permuted weight is copied then, one at a time).
 *
 * @param variable the Keras variable name ({@code kernel}, {@code bias}, {@code gamma}, ...)
 * @param dtype element type
 * @param shape the shape Keras expects
 * @param content produces the tensor in Keras's axis order
 */
public record KerasWeight(String variable, DType dtype, long[] shape, Supplier<Tensor> content) {
    public KerasWeight {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** A weight that is a tensor as it is. */
    public static KerasWeight of(String variable, Tensor t) {
        return new KerasWeight(variable, t.dtype(), t.shape(), () -> t);
    }
}
