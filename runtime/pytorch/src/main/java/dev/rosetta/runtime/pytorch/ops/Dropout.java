package dev.rosetta.runtime.pytorch.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.rosetta.ir.Node;

/** ONNX {@code Dropout} in inference: the input unchanged, and an all-true mask when asked for. */
final class Dropout implements OpKernel {
    @Override
    public NDArray[] run(OpContext ctx, Node node, NDArray[] in) {
        NDArray[] out = new NDArray[node.outputs().size()];
        out[0] = in[0];
        if (out.length > 1) {
            out[1] = ctx.manager().ones(in[0].getShape(), DataType.BOOLEAN);
        }
        return out;
    }
}
