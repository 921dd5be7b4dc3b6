package dev.rosetta.runtime.pytorch.ops;

import ai.djl.ndarray.NDArray;
import dev.rosetta.ir.Node;

/** ONNX {@code LeakyRelu}: {@code alpha} default 0.01, through {@code torch.leaky_relu}. */
final class LeakyRelu implements OpKernel {
    @Override
    public NDArray[] run(OpContext ctx, Node node, NDArray[] in) {
        return new NDArray[] {in[0].getNDArrayInternal().leakyRelu(node.attrFloat("alpha", 0.01f))};
    }
}
