package dev.rosetta.runtime.pytorch.ops;

import ai.djl.ndarray.NDArray;
import dev.rosetta.ir.Node;
import java.util.function.BinaryOperator;

/** An op with two inputs and no attributes (NumPy broadcasting), given as a function. */
record Binary(BinaryOperator<NDArray> f) implements OpKernel {
    @Override
    public NDArray[] run(OpContext ctx, Node node, NDArray[] inputs) {
        return new NDArray[] {f.apply(inputs[0], inputs[1])};
    }
}
