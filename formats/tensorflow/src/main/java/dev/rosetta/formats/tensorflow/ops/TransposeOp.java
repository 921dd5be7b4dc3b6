package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.formats.tensorflow.graph.TfNode;
import dev.rosetta.ir.Attribute;
import java.util.List;
import java.util.Map;

/** {@code Transpose} with a constant permutation: ONNX {@code Transpose} with {@code perm}. */
final class TransposeOp implements TfOpMapping {
    @Override
    public List<String> opTypes() {
        return List.of("Transpose");
    }

    @Override
    public void importNode(TfNode node, ImportContext ctx) {
        long[] perm = ctx.requireInts(node, 1, "perm");
        ctx.emit(node, "Transpose", List.of(ctx.input(node, 0)), Map.of("perm", new Attribute.Ints(perm)));
    }
}
