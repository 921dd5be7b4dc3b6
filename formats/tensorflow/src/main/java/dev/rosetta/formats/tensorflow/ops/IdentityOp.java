package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.formats.tensorflow.graph.TfNode;
import java.util.List;

/**
 * {@code Identity}, {@code IdentityN}, {@code StopGradient}, {@code Snapshot} and
 * {@code ReadVariableOp}: output {@code i} is input {@code i}; no IR node.
 */
final class IdentityOp implements TfOpMapping {
    @Override
    public List<String> opTypes() {
        return List.of("Identity", "IdentityN", "StopGradient", "Snapshot", "PreventGradient", "ReadVariableOp");
    }

    @Override
    public void importNode(TfNode node, ImportContext ctx) {
        for (int i = 0; i < ctx.inputCount(node); i++) {
            ctx.bind(node, i, ctx.input(node, i));
        }
    }
}
