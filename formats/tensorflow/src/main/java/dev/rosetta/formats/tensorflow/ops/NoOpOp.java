package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.formats.tensorflow.graph.TfNode;
import java.util.List;

/** {@code NoOp}: only orders other ops; it has no outputs and imports as nothing. */
final class NoOpOp implements TfOpMapping {
    @Override
    public List<String> opTypes() {
        return List.of("NoOp");
    }

    @Override
    public void importNode(TfNode node, ImportContext ctx) {
        // nothing to compute
    }
}
