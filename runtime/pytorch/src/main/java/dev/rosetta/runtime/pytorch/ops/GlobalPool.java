package dev.rosetta.runtime.pytorch.ops;

import ai.djl.ndarray.NDArray;
import dev.rosetta.ir.Node;

/** ONNX {@code GlobalAveragePool} and {@code GlobalMaxPool}: reduce every spatial axis, keeping it. */
final class GlobalPool implements OpKernel {
    private final boolean max;

    GlobalPool(boolean max) {
        this.max = max;
    }

    @Override
    public NDArray[] run(OpContext ctx, Node node, NDArray[] in) {
        NDArray x = Spatial.in(node, in[0]);
        int r = x.getShape().dimension();
        int[] axes = new int[r - 2];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i + 2;
        }
        NDArray y = Reduce.over(x, axes, true, max);
        return new NDArray[] {Spatial.out(node, y)};
    }
}
