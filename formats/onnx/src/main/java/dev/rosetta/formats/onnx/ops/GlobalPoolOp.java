package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.List;

/** {@code GlobalAveragePool} and {@code GlobalMaxPool}: copied as is; spatial axes become 1. */
public final class GlobalPoolOp extends SpatialOp {
    public GlobalPoolOp(String opType) {
        super(opType);
    }

    @Override
    public void inferTypes(Node node) {
        Value x = node.input(0);
        Shape out = null;
        if (x.shape().hasRank() && x.shape().rank() >= 2) {
            List<Dim> dims = new ArrayList<>(x.shape().dims().subList(0, 2));
            for (int i = 2; i < x.shape().rank(); i++) {
                dims.add(Dim.of(1));
            }
            out = new Shape(dims);
        }
        Infer.set(node.output(0), x.dtype(), out);
    }
}
