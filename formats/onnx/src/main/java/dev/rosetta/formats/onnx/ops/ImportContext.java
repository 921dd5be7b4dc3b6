package dev.rosetta.formats.onnx.ops;

import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.util.List;
import java.util.Map;

/**
 * What an {@link OnnxOpMapping} may do while importing one node: look at constants, emit IR
 * nodes, alias an output to an existing value, add constants.
 *
 * <p>Emitted nodes follow the IR's operator semantics (ONNX names at the reference opset, static
 * parameters as attributes). The context folds a node whose inputs are all constant (and a
 * {@code Shape} of a value whose shape is known) into an initializer instead of adding it, and
 * infers output types and shapes of what it adds.
 */
public interface ImportContext {

    /** The constant content of {@code v} (an initializer or a folded value), or {@code null}. */
    Tensor constant(Value v);

    /**
     * Adds an IR node, or folds it when its inputs are constant.
     *
     * @param name node name
     * @param opType IR (ONNX) op type
     * @param inputs inputs, {@code null} for an omitted one
     * @param attributes attributes in IR form
     * @param outputNames names of the outputs; names of the ONNX node's outputs keep them
     * @return the output values, in order
     */
    List<Value> emit(String name, String opType, List<Value> inputs, Map<String, Attribute> attributes,
                     List<String> outputNames);

    /** Makes {@code outputName} refer to {@code value} (an op that is the identity at inference). */
    void alias(String outputName, Value value);

    /**
     * Makes {@code outputName} a constant: an initializer of that name, or (when it is a graph
     * output, whose name must stay on a node output) a fresh initializer read by an Identity.
     */
    void defineConstant(String outputName, Tensor tensor);

    /** True when a node or a graph output reads the value named {@code name}. */
    boolean isUsed(String name);

    /** A value name unused in the graph, derived from {@code base}. */
    String freshName(String base);

    /** Adds an initializer holding {@code tensor} under a fresh name derived from {@code base}. */
    Value addConstant(String base, Tensor tensor);

    /** Tags {@code v} with {@code layout} when it has none yet. */
    void tagLayout(Value v, Layout layout);

    /** An error saying that this node uses something unsupported, naming node, op and opset. */
    default UnsupportedFeatureException unsupported(OnnxNode node, String why) {
        return new UnsupportedFeatureException(node.opType() + " (ai.onnx opset " + node.opset() + "): node '"
                + node.name() + "': " + why);
    }

    /** Convenience: emits a node with one output named like the ONNX node's first output. */
    default Value emitSingle(OnnxNode node, String opType, List<Value> inputs, Map<String, Attribute> attributes) {
        return emit(node.name(), opType, inputs, attributes, List.of(node.output(0))).get(0);
    }
}
