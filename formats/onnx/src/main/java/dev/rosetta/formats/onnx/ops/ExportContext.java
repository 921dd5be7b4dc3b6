package dev.rosetta.formats.onnx.ops;

import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.util.List;
import java.util.Map;

/**
 * What an {@link OnnxOpMapping} may do while exporting one IR node at a target opset: name values,
 * emit ONNX nodes, add constant inputs.
 */
public interface ExportContext {

    /** The operator-set version being written. */
    int opset();

    /** The ONNX name of {@code v}; {@code ""} for {@code null} (an omitted optional input). */
    String name(Value v);

    /**
     * Emits an ONNX node.
     *
     * @param name node name
     * @param opType ONNX op type (default domain)
     * @param inputs input names, {@code ""} for omitted ones
     * @param outputs output names
     * @param attributes attributes, written with their ONNX types
     */
    void emit(String name, String opType, List<String> inputs, List<String> outputs, Map<String, Attribute> attributes);

    /** Adds an initializer holding {@code tensor} under a fresh name derived from {@code base}. */
    String addConstant(String base, Tensor tensor);

    /** A value name unused in the model, derived from {@code base}. */
    String freshName(String base);

    /** An error saying that the node cannot be written at this opset, naming node and why. */
    default UnsupportedFeatureException unsupported(Node node, String why) {
        return new UnsupportedFeatureException("node " + node.describe() + " at opset " + opset() + ": " + why);
    }

    /** The names of all of {@code node}'s inputs, trailing omitted ones dropped. */
    default List<String> inputNames(Node node) {
        List<String> names = new java.util.ArrayList<>();
        for (Value v : node.inputs()) {
            names.add(name(v));
        }
        while (!names.isEmpty() && names.get(names.size() - 1).isEmpty()) {
            names.remove(names.size() - 1);
        }
        return names;
    }

    /** The names of all of {@code node}'s outputs. */
    default List<String> outputNames(Node node) {
        return node.outputs().stream().map(this::name).toList();
    }
}
