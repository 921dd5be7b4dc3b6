package dev.rosetta.runtime.pytorch.ops;

import ai.djl.ndarray.NDArray;
import dev.rosetta.ir.Node;
import java.util.function.UnaryOperator;

/** An elementwise op with one input and no attributes, given as a function. */
record Unary(UnaryOperator<NDArray> f) implements OpKernel {
    @Override
    public NDArray[] run(OpContext ctx, Node node, NDArray[] inputs) {
        return new NDArray[] {f.apply(inputs[0])};
    }
}
