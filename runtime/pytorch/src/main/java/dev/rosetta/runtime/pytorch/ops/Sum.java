package dev.rosetta.runtime.pytorch.ops;

import ai.djl.ndarray.NDArray;
import dev.rosetta.ir.Node;

/** ONNX {@code Sum}: elementwise sum of any number of inputs, with broadcasting. */
final class Sum implements OpKernel {
    @Override
    public NDArray[] run(OpContext ctx, Node node, NDArray[] in) {
        NDArray y = in[0];
        for (int i = 1; i < in.length; i++) {
            y = y.add(in[i]);
        }
        return new NDArray[] {y};
    }
}
