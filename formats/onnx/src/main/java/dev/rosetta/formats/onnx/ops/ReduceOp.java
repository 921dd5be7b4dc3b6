package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * The reductions ({@code ReduceMean}, {@code ReduceSum}, ...): {@code axes}, {@code keepdims}
 * and {@code noop_with_empty_axes} are attributes in the IR; {@code axes} became an input at
 * opset 13 for ReduceSum and at 18 for the others.
 */
public final class ReduceOp extends AxesInputOp {
    public ReduceOp(String opType, int axesInputSince) {
        super(opType, axesInputSince, Infer.NONE);
    }

    @Override
    public void inferTypes(Node node) {
        Value x = data(node);
        Shape out = null;
        if (x.shape().hasRank() && node.inputs().size() == 1) {
            int r = x.shape().rank();
            int[] axes = axes(node, r);
            boolean keep = node.attrInt("keepdims", 1) != 0;
            boolean noop = node.attrInt("noop_with_empty_axes", 0) != 0;
            List<Dim> dims = new ArrayList<>();
            for (int i = 0; i < r; i++) {
                final int a = i;
                boolean reduced = axes == null || axes.length == 0 ? !noop
                        : java.util.Arrays.stream(axes).anyMatch(v -> v == a);
                if (!reduced) {
                    dims.add(x.shape().dims().get(i));
                } else if (keep) {
                    dims.add(Dim.of(1));
                }
            }
            out = new Shape(dims);
        }
        Infer.set(node.output(0), x.dtype(), out);
    }
}
