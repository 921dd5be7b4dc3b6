package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.List;

/** {@code Unsqueeze}: {@code axes} is an attribute in the IR (an input since opset 13). Folds on constants. */
public final class UnsqueezeOp extends AxesInputOp {
    public UnsqueezeOp() {
        super("Unsqueeze", 13, Infer.NONE);
    }

    @Override
    public void inferTypes(Node node) {
        Value x = data(node);
        Infer.set(node.output(0), x.dtype(), unsqueezed(node, x.shape()));
    }

    private static Shape unsqueezed(Node node, Shape in) {
        long[] raw = node.attrInts("axes", null);
        if (!in.hasRank() || raw == null) {
            return null;
        }
        int rank = in.rank() + raw.length;
        boolean[] inserted = new boolean[rank];
        for (long a : raw) {
            int ax = Infer.axis(a, rank);
            if (ax < 0 || ax >= rank) {
                return null;
            }
            inserted[ax] = true;
        }
        List<Dim> out = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < rank; i++) {
            out.add(inserted[i] ? Dim.of(1) : in.dims().get(next++));
        }
        return next == in.rank() ? new Shape(out) : null;
    }

    @Override
    public List<Tensor> fold(Node node, List<Tensor> constants) {
        Tensor c = constants.get(0);
        if (c == null) {
            return null;
        }
        Shape s = unsqueezed(node, c.staticShape());
        return s == null ? null : List.of(c.reshape(s.toArray()));
    }
}
