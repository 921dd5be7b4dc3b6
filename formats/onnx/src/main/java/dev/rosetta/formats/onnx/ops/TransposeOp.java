package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.List;

/** {@code Transpose}: copied as is; {@code perm} defaults to reversing the axes. */
public final class TransposeOp extends PassThroughOp {
    public TransposeOp() {
        super("Transpose", Infer.NONE);
    }

    @Override
    public void inferTypes(Node node) {
        Value x = node.input(0);
        Shape out = null;
        if (x.shape().hasRank()) {
            int r = x.shape().rank();
            long[] perm = node.attrInts("perm", null);
            List<Dim> dims = new ArrayList<>();
            for (int i = 0; i < r; i++) {
                int p = perm == null ? r - 1 - i : (int) perm[i];
                if (p < 0 || p >= r || (perm != null && perm.length != r)) {
                    return;
                }
                dims.add(x.shape().dim(p));
            }
            out = new Shape(dims);
        }
        Infer.set(node.output(0), x.dtype(), out);
    }
}
