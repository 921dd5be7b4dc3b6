package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.formats.tensorflow.graph.TfNode;
import java.util.List;

/**
 * {@code VariableV2}, {@code VarHandleOp}: an initializer holding the variable's saved value (from
 * the SavedModel's bundle), named like the node. {@code ReadVariableOp} of the handle passes it on.
 */
final class VariableOp implements TfOpMapping {
    @Override
    public List<String> opTypes() {
        return List.of("VariableV2", "Variable", "VarHandleOp");
    }

    @Override
    public void importNode(TfNode node, ImportContext ctx) {
        ctx.bind(node, 0, ctx.variable(node));
    }
}
