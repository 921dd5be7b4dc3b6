package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.formats.tensorflow.graph.TfNode;
import dev.rosetta.formats.tensorflow.graph.TfTensors;
import dev.rosetta.ir.Layout;
import java.util.List;

/** {@code Const}: an initializer named like the node, its {@code value} tensor as content. */
final class ConstOp implements TfOpMapping {
    @Override
    public List<String> opTypes() {
        return List.of("Const");
    }

    @Override
    public void importNode(TfNode node, ImportContext ctx) {
        if (node.attr("value") == null || !node.attr("value").hasTensor()) {
            throw ctx.malformed(node, "a constant without a 'value' tensor");
        }
        ctx.bind(node, 0, ctx.addConstant(node.name(),
                TfTensors.tensor(node.attr("value").getTensor(), ctx.file(), "node " + node.describe()), Layout.UNKNOWN));
    }
}
