package dev.rosetta.runtime.pytorch.ops;

import ai.djl.ndarray.NDArray;
import dev.rosetta.error.InvalidGraphException;
import dev.rosetta.ir.Node;
import java.util.Arrays;

/** ONNX {@code Unsqueeze}: inserts size-1 axes at {@code axes} (attribute or input) of the output. */
final class Unsqueeze implements OpKernel {
    @Override
    public NDArray[] run(OpContext ctx, Node node, NDArray[] in) {
        long[] axes = OpContext.attrOrInput(node, "axes", in, 1);
        if (axes == null) {
            throw new InvalidGraphException("node " + node.describe() + " has no axes");
        }
        int outRank = in[0].getShape().dimension() + axes.length;
        int[] a = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            a[i] = OpContext.axis(axes[i], outRank, node);
        }
        Arrays.sort(a);
        NDArray y = in[0];
        for (int axis : a) {
            y = y.expandDims(axis);
        }
        return new NDArray[] {y};
    }
}
