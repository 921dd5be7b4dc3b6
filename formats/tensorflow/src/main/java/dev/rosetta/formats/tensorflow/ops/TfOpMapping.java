package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.formats.tensorflow.graph.TfNode;
import java.util.List;

/**
 * How one TensorFlow op (or a family that maps alike) becomes IR nodes.
 *
 * <p>{@link #importNode} reads the node's inputs through the context, emits IR nodes (or binds the
 * node's outputs to existing values, for ops like {@code Identity}) and throws
 * {@link dev.rosetta.error.UnsupportedFeatureException} for a variant it cannot express (a dynamic
 * shape operand, an unknown {@code data_format}); the importer collects those for every node
 * before failing.
 */
public interface TfOpMapping {

    /** The TensorFlow op types this mapping imports. */
    List<String> opTypes();

    /** Imports one node. */
    void importNode(TfNode node, ImportContext ctx);
}
