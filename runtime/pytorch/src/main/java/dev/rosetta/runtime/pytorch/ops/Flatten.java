package dev.rosetta.runtime.pytorch.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.rosetta.ir.Node;

/** ONNX {@code Flatten}: to 2-D, {@code [prod(dims[:axis]), prod(dims[axis:])]}; axis default 1. */
final class Flatten implements OpKernel {
    @Override
    public NDArray[] run(OpContext ctx, Node node, NDArray[] in) {
        Shape s = in[0].getShape();
        int r = s.dimension();
        long axis = node.attrInt("axis", 1);
        int a = axis == r ? r : OpContext.axis(axis, Math.max(r, 1), node);
        long outer = 1;
        for (int i = 0; i < a; i++) {
            outer *= s.get(i);
        }
        return new NDArray[] {in[0].reshape(outer, s.size() / Math.max(outer, 1))};
    }
}
