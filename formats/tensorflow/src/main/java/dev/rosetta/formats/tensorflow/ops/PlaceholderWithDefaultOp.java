package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.formats.tensorflow.graph.TfNode;
import java.util.List;

/** {@code PlaceholderWithDefault} not fed: its default value (input 0). Fed, it is a graph input. */
final class PlaceholderWithDefaultOp implements TfOpMapping {
    @Override
    public List<String> opTypes() {
        return List.of("PlaceholderWithDefault");
    }

    @Override
    public void importNode(TfNode node, ImportContext ctx) {
        ctx.bind(node, 0, ctx.input(node, 0));
    }
}
