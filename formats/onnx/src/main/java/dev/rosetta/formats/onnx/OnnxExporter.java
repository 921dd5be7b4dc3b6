package dev.rosetta.formats.onnx;

import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.onnx.ops.ExportContext;
import dev.rosetta.formats.onnx.ops.OnnxOpMapping;
import dev.rosetta.formats.onnx.ops.OnnxOps;
import dev.rosetta.formats.onnx.proto.OnnxProto.NodeProto;
import dev.rosetta.formats.onnx.proto.OnnxProto.TensorShapeProto;
import dev.rosetta.formats.onnx.proto.OnnxProto.TypeProto;
import dev.rosetta.formats.onnx.proto.OnnxProto.ValueInfoProto;
import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates an IR graph into the pieces of an ONNX graph at a target opset: nodes (through the
 * {@link OnnxOps} table), the initializers to write (the model's and the constant inputs the
 * target opset needs), and the declared types of inputs, outputs and intermediates.
 *
 * <p>Every node that cannot be written is collected; {@link #run()} then throws one
 * {@link UnsupportedFeatureException} listing them all. Tensor bytes are not touched here:
 * {@link OnnxWriter} streams them.
 */
final class OnnxExporter implements ExportContext {
    /** A named initializer to write. */
    record Initializer(String name, Tensor tensor) {
    }

    /** The translated graph. */
    record Plan(String graphName, List<NodeProto> nodes, List<Initializer> initializers, List<ValueInfoProto> inputs,
                List<ValueInfoProto> outputs, List<ValueInfoProto> valueInfo) {
    }

    private final Model model;
    private final OnnxWriteOptions options;
    private final List<NodeProto> nodes = new ArrayList<>();
    private final List<Initializer> initializers = new ArrayList<>();
    private final UniqueNames names = new UniqueNames();
    private final Map<String, List<String>> problems = new LinkedHashMap<>();

    OnnxExporter(Model model, OnnxWriteOptions options) {
        this.model = model;
        this.options = options;
    }

    /** Translates the model, or throws listing everything that cannot be written. */
    Plan run() {
        List<String> items = check();
        if (!items.isEmpty()) {
            throw new UnsupportedFeatureException("cannot write ONNX opset " + options.opset() + ": " + items.size()
                    + " unsupported item" + (items.size() == 1 ? "" : "s"), items);
        }
        Graph g = model.graph();
        List<ValueInfoProto> inputs = g.inputs().stream().map(OnnxExporter::valueInfo).toList();
        List<Value> outs = new ArrayList<>(g.outputs());
        Set<Value> listed = Collections.newSetFromMap(new IdentityHashMap<>());
        listed.addAll(g.outputs());
        listed.addAll(g.inputs());
        List<ValueInfoProto> valueInfo = new ArrayList<>();
        for (Node n : g.nodes()) {
            for (Value v : n.outputs()) {
                if (listed.contains(v)) {
                    continue;
                }
                if (options.exposeIntermediates()) {
                    outs.add(v);
                    listed.add(v);
                } else if (v.dtype() != null) {
                    valueInfo.add(valueInfo(v));
                }
            }
        }
        List<ValueInfoProto> outputs = outs.stream().map(OnnxExporter::valueInfo).toList();
        return new Plan(g.name(), List.copyOf(nodes), List.copyOf(initializers), inputs, outputs, valueInfo);
    }

    /** Translates every node and returns the problems found, one line each (empty when none). */
    List<String> check() {
        Graph g = model.graph();
        g.sortTopologically();
        g.valuesByName().keySet().forEach(names::add);
        inferMissingTypes(g);
        for (Value v : g.initializers()) {
            initializers.add(new Initializer(v.name(), v.constant()));
        }
        for (Value v : g.inputs()) {
            if (v.dtype() == null) {
                problem("graph input '" + v.name() + "' has no known element type", null);
            }
        }
        for (Node n : g.nodes()) {
            OnnxOpMapping m = n.domain().isEmpty() ? OnnxOps.get(n.opType()) : null;
            if (m == null) {
                problem((n.domain().isEmpty() ? "" : n.domain() + ".") + n.opType()
                        + " (no ONNX mapping in Rosetta)", n.name());
                continue;
            }
            try {
                m.exportNode(n, this);
            } catch (UnsupportedFeatureException e) {
                problem(e.getMessage(), null);
            }
        }
        List<String> out = new ArrayList<>();
        problems.forEach((k, v) -> out.add(v.isEmpty() ? k : k + ", used by nodes " + v));
        return out;
    }

    /**
     * Fills in types and shapes that a model made by another reader may lack, so that outputs and
     * intermediates are declared (best effort; what cannot be inferred stays unknown).
     */
    private static void inferMissingTypes(Graph g) {
        for (Node n : g.nodes()) {
            OnnxOpMapping m = n.domain().isEmpty() ? OnnxOps.get(n.opType()) : null;
            boolean missing = n.outputs().stream().anyMatch(v -> v.dtype() == null || !v.shape().hasRank());
            if (m != null && missing && n.attribute("layout") == null) {
                try {
                    m.inferTypes(n);
                } catch (RuntimeException e) {
                    // best effort
                }
            }
        }
    }

    private void problem(String item, String node) {
        List<String> nodesOf = problems.computeIfAbsent(item, k -> new ArrayList<>());
        if (node != null && nodesOf.size() < 5) {
            nodesOf.add("'" + node + "'");
        }
    }

    /** The ONNX declaration of a value: element type and shape where known. */
    static ValueInfoProto valueInfo(Value v) {
        ValueInfoProto.Builder b = ValueInfoProto.newBuilder().setName(v.name());
        if (v.dtype() != null) {
            TypeProto.Tensor.Builder t = TypeProto.Tensor.newBuilder().setElemType(v.dtype().onnxCode());
            if (v.shape().hasRank()) {
                TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
                for (Dim d : v.shape().dims()) {
                    TensorShapeProto.Dimension.Builder db = TensorShapeProto.Dimension.newBuilder();
                    if (d instanceof Dim.Fixed f) {
                        db.setDimValue(f.size());
                    } else if (d instanceof Dim.Symbolic sym && !sym.name().isEmpty()) {
                        db.setDimParam(sym.name());
                    }
                    s.addDim(db);
                }
                t.setShape(s);
            }
            b.setType(TypeProto.newBuilder().setTensorType(t));
        }
        return b.build();
    }

    // ---- ExportContext ---------------------------------------------------------------------------

    @Override
    public int opset() {
        return options.opset();
    }

    @Override
    public String name(Value v) {
        return v == null ? "" : v.name();
    }

    @Override
    public void emit(String name, String opType, List<String> inputs, List<String> outputs,
                     Map<String, Attribute> attributes) {
        NodeProto.Builder b = NodeProto.newBuilder().setName(name).setOpType(opType).addAllInput(inputs)
                .addAllOutput(outputs);
        attributes.forEach((k, v) -> b.addAttribute(OnnxAttributes.encode(k, v)));
        nodes.add(b.build());
    }

    @Override
    public String addConstant(String base, Tensor tensor) {
        String n = freshName(base);
        initializers.add(new Initializer(n, tensor));
        return n;
    }

    @Override
    public String freshName(String base) {
        return names.fresh(base);
    }
}
