package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.List;

/** {@code MatMul} with numpy semantics: copied as is. */
public final class MatMulOp extends PassThroughOp {
    public MatMulOp() {
        super("MatMul", Infer.NONE);
    }

    @Override
    public void inferTypes(Node node) {
        Value a = node.input(0);
        Value b = node.input(1);
        Shape out = null;
        if (a.shape().hasRank() && b.shape().hasRank() && a.shape().rank() >= 2 && b.shape().rank() >= 2) {
            int ra = a.shape().rank();
            int rb = b.shape().rank();
            Shape batch = Infer.broadcast(new Shape(a.shape().dims().subList(0, ra - 2)),
                    new Shape(b.shape().dims().subList(0, rb - 2)));
            if (batch.hasRank()) {
                List<Dim> dims = new ArrayList<>(batch.dims());
                dims.add(a.shape().dim(ra - 2));
                dims.add(b.shape().dim(rb - 1));
                out = new Shape(dims);
            }
        }
        Infer.set(node.output(0), a.dtype(), out);
    }
}
