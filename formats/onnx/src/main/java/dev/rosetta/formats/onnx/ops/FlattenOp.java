package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Value;
import java.util.List;

/** {@code Flatten}: copied as is; the output is 2-D split at {@code axis} (default 1). */
public final class FlattenOp extends PassThroughOp {
    public FlattenOp() {
        super("Flatten", Infer.NONE);
    }

    @Override
    public void inferTypes(Node node) {
        Value x = node.input(0);
        Shape out = null;
        if (x.shape().hasRank()) {
            int r = x.shape().rank();
            int axis = Infer.axis(node.attrInt("axis", 1), r);
            out = new Shape(List.of(product(x.shape(), 0, axis), product(x.shape(), axis, r)));
        }
        Infer.set(node.output(0), x.dtype(), out);
    }

    private static Dim product(Shape s, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) {
            long d = Infer.size(s.dim(i));
            if (d < 0) {
                return Dim.symbol("");
            }
            p *= d;
        }
        return Dim.of(p);
    }
}
