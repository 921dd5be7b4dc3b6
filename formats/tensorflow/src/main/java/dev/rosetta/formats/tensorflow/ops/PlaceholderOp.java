package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.error.UsageException;
import dev.rosetta.formats.tensorflow.graph.TfNode;
import java.util.List;

/**
 * {@code Placeholder}: a graph input. Inputs are bound before any node is imported, so reaching
 * this mapping means a placeholder the outputs need was not named as an input.
 */
final class PlaceholderOp implements TfOpMapping {
    @Override
    public List<String> opTypes() {
        return List.of("Placeholder", "PlaceholderV2");
    }

    @Override
    public void importNode(TfNode node, ImportContext ctx) {
        throw new UsageException("placeholder '" + node.name() + "' is needed to compute the outputs but is not an"
                + " input; add it to the inputs");
    }
}
