package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.formats.tensorflow.graph.TfNode;
import dev.rosetta.ir.Tensor;

/** Where a variable's value comes from: a bundle, for SavedModels. */
@FunctionalInterface
public interface VariableSource {
    /** No variables: a frozen graph, whose weights are constants. */
    VariableSource NONE = node -> {
        throw new dev.rosetta.error.UnsupportedFeatureException("node " + node.describe()
                + " is a variable, but a frozen GraphDef carries no variable values (freeze the graph, or read the"
                + " SavedModel it came from)");
    };

    /**
     * The current value of the variable {@code node} ({@code VariableV2}, {@code VarHandleOp}).
     *
     * @throws dev.rosetta.error.RosettaException when it cannot be found or read
     */
    Tensor value(TfNode node);
}
