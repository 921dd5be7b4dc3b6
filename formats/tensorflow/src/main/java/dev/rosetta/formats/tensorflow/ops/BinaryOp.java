package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.formats.tensorflow.graph.TfNode;
import dev.rosetta.ir.Value;
import java.util.List;
import java.util.Map;

/**
 * The shared base of elementwise ops with two broadcasting inputs ({@code AddV2} → {@code Add},
 * {@code RealDiv} → {@code Div}, ...): numpy broadcasting in both. The output keeps the layout tag
 * of the input of higher rank.
 */
final class BinaryOp implements TfOpMapping {
    private final List<String> tfOps;
    private final String irOp;

    BinaryOp(String irOp, String... tfOps) {
        this.tfOps = List.of(tfOps);
        this.irOp = irOp;
    }

    @Override
    public List<String> opTypes() {
        return tfOps;
    }

    @Override
    public void importNode(TfNode node, ImportContext ctx) {
        Value a = ctx.input(node, 0);
        Value b = ctx.input(node, 1);
        Value y = ctx.emit(node, irOp, List.of(a, b), Map.of());
        if (y.shape().hasRank()) {
            Value wider = b.shape().hasRank() && (!a.shape().hasRank() || b.shape().rank() > a.shape().rank()) ? b : a;
            if (wider.shape().hasRank() && wider.shape().rank() == y.shape().rank()) {
                ImportContext.tag(y, wider.layout());
            }
        }
    }
}
