package dev.rosetta.runtime.pytorch.ops;

import ai.djl.ndarray.NDArray;
import dev.rosetta.ir.Node;

/**
 * ONNX {@code ReduceMean}: over {@code axes} (attribute, or input from opset 18), all axes when
 * none unless {@code noop_with_empty_axes=1}; {@code keepdims} default 1.
 */
final class ReduceMean implements OpKernel {
    @Override
    public NDArray[] run(OpContext ctx, Node node, NDArray[] in) {
        long[] axes = OpContext.attrOrInput(node, "axes", in, 1);
        boolean keep = node.attrInt("keepdims", 1) != 0;
        int r = in[0].getShape().dimension();
        if (axes == null || axes.length == 0) {
            if (node.attrInt("noop_with_empty_axes", 0) != 0) {
                return new NDArray[] {in[0]};
            }
            axes = new long[r];
            for (int i = 0; i < r; i++) {
                axes[i] = i;
            }
        }
        int[] a = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            a[i] = OpContext.axis(axes[i], r, node);
        }
        return new NDArray[] {Reduce.over(in[0], a, keep, false)};
    }
}
