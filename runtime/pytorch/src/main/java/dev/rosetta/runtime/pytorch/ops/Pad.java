package dev.rosetta.runtime.pytorch.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.rosetta.error.InvalidGraphException;
import dev.rosetta.ir.Node;

/**
 * ONNX {@code Pad}: {@code pads} ({@code [b1, ..., bn, e1, ..., en]}, from the attribute or the
 * second input), {@code mode} constant (value from the {@code value} attribute or the third input;
 * negative pads crop), {@code reflect} or {@code edge} (built from slices, flips and concatenation).
 * The opset-18 {@code axes} input is not supported.
 */
final class Pad implements OpKernel {
    @Override
    public NDArray[] run(OpContext ctx, Node node, NDArray[] in) {
        NDArray x = in[0];
        int r = x.getShape().dimension();
        long[] pads = OpContext.attrOrInput(node, "pads", in, 1);
        if (pads == null || pads.length != 2 * r) {
            throw new InvalidGraphException("node " + node.describe() + " needs " + 2 * r + " pads for rank " + r);
        }
        String mode = node.attrString("mode", "constant");
        if (mode.equals("constant")) {
            double value = in.length > 2 && in[2] != null ? OpContext.scalar(in[2]) : node.attrFloat("value", 0f);
            long[] torchPads = new long[2 * r];
            for (int i = 0; i < r; i++) {
                torchPads[2 * i] = pads[r - 1 - i];
                torchPads[2 * i + 1] = pads[2 * r - 1 - i];
            }
            return new NDArray[] {x.pad(new Shape(torchPads), value)};
        }
        NDArray y = x;
        for (int axis = 0; axis < r; axis++) {
            long b = pads[axis];
            long e = pads[axis + r];
            if (b == 0 && e == 0) {
                continue;
            }
            long len = y.getShape().get(axis);
            NDArray left = b == 0 ? null : mode.equals("edge")
                    ? slice(y, axis, 0, 1).repeat(axis, b) : slice(y, axis, 1, b + 1).flip(axis);
            NDArray right = e == 0 ? null : mode.equals("edge")
                    ? slice(y, axis, len - 1, len).repeat(axis, e) : slice(y, axis, len - 1 - e, len - 1).flip(axis);
            NDArray mid = y;
            if (left != null) {
                mid = left.concat(mid, axis);
            }
            if (right != null) {
                mid = mid.concat(right, axis);
            }
            y = mid;
        }
        return new NDArray[] {y};
    }

    private static NDArray slice(NDArray x, int axis, long from, long to) {
        return x.get(new NDIndex().addAllDim(axis).addSliceDim(from, to));
    }

    @Override
    public String check(Node node) {
        String mode = node.attrString("mode", "constant");
        if (!mode.equals("constant") && !mode.equals("reflect") && !mode.equals("edge")) {
            return "mode '" + mode + "' (supported: constant, reflect, edge)";
        }
        if (node.inputs().size() > 3 && node.input(3) != null) {
            return "the axes input (opset 18)";
        }
        long[] pads = node.attrInts("pads", null);
        if (pads != null && !mode.equals("constant") && java.util.Arrays.stream(pads).anyMatch(p -> p < 0)) {
            return "negative pads with mode '" + mode + "'";
        }
        return null;
    }
}
