package dev.rosetta.runtime.pytorch.ops;

import ai.djl.ndarray.NDArray;
import dev.rosetta.ir.Node;

/** ONNX {@code Clip}: bounds from the {@code min}/{@code max} inputs (opset 11+) or attributes; each optional. */
final class Clip implements OpKernel {
    @Override
    public NDArray[] run(OpContext ctx, Node node, NDArray[] in) {
        NDArray y = in[0];
        Double lo = bound(node, in, 1, "min");
        Double hi = bound(node, in, 2, "max");
        if (lo != null) {
            y = y.maximum(lo);
        }
        if (hi != null) {
            y = y.minimum(hi);
        }
        return new NDArray[] {y};
    }

    private static Double bound(Node node, NDArray[] in, int index, String attribute) {
        if (index < in.length && in[index] != null) {
            return OpContext.scalar(in[index]);
        }
        return node.attribute(attribute) == null ? null : (double) node.attrFloat(attribute, 0f);
    }
}
