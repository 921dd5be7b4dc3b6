package dev.rosetta.runtime.pytorch.ops;

import ai.djl.ndarray.NDArray;
import dev.rosetta.ir.Node;

/** ONNX {@code PRelu}: {@code x < 0 ? slope * x : x}, the slope broadcast to x (NumPy rules). */
final class PRelu implements OpKernel {
    @Override
    public NDArray[] run(OpContext ctx, Node node, NDArray[] in) {
        NDArray x = in[0];
        return new NDArray[] {x.maximum(0).add(x.minimum(0).mul(in[1]))};
    }
}
