package dev.rosetta.runtime.pytorch.ops;

import ai.djl.ndarray.NDArray;
import dev.rosetta.ir.Node;

/** ONNX {@code Squeeze}: the given axes (attribute or input), or every axis of size 1. */
final class Squeeze implements OpKernel {
    @Override
    public NDArray[] run(OpContext ctx, Node node, NDArray[] in) {
        long[] axes = OpContext.attrOrInput(node, "axes", in, 1);
        if (axes == null) {
            return new NDArray[] {in[0].squeeze()};
        }
        int r = in[0].getShape().dimension();
        int[] a = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            a[i] = OpContext.axis(axes[i], r, node);
        }
        return new NDArray[] {in[0].squeeze(a)};
    }
}
