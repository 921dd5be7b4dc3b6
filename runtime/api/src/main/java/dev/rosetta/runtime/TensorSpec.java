package dev.rosetta.runtime;

import dev.rosetta.ir.DType;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Shape;

/**
 * What an execution declares about one of its inputs or outputs.
 *
 * @param name the name the engine knows it by
 * @param dtype element type, or {@code null} when the engine does not say
 * @param shape declared shape; symbolic dimensions are dynamic, {@link Shape#UNKNOWN_RANK} when
 *     the engine does not say (TorchScript)
 * @param layout what the axes mean, {@link Layout#UNKNOWN} when not known
 */
public record TensorSpec(String name, DType dtype, Shape shape, Layout layout) {
    public TensorSpec {
        shape = shape == null ? Shape.UNKNOWN_RANK : shape;
        layout = layout == null ? Layout.UNKNOWN : layout;
    }

    /** True when the declared shape is fully known. */
    public boolean isStatic() {
        return shape.isStatic();
    }
}
