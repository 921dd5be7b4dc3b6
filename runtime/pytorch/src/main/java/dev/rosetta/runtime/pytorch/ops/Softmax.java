package dev.rosetta.runtime.pytorch.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.rosetta.ir.Node;

/**
 * ONNX {@code Softmax} and {@code LogSoftmax}. From opset 13 along one {@code axis} (default -1);
 * before, the input is coerced to 2-D at {@code axis} (default 1) and normalized over the flattened
 * trailing axes.
 */
final class Softmax implements OpKernel {
    private final boolean log;

    Softmax(boolean log) {
        this.log = log;
    }

    @Override
    public NDArray[] run(OpContext ctx, Node node, NDArray[] in) {
        NDArray x = in[0];
        Shape s = x.getShape();
        int r = s.dimension();
        if (ctx.opset() >= 13) {
            int axis = OpContext.axis(node.attrInt("axis", -1), r, node);
            return new NDArray[] {log ? x.logSoftmax(axis) : x.softmax(axis)};
        }
        int axis = OpContext.axis(node.attrInt("axis", 1), r, node);
        long outer = s.slice(0, axis).size();
        NDArray flat = x.reshape(outer, s.size() / Math.max(outer, 1));
        NDArray y = log ? flat.logSoftmax(1) : flat.softmax(1);
        return new NDArray[] {y.reshape(s)};
    }
}
