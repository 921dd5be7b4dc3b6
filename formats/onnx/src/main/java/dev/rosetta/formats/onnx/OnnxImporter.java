package dev.rosetta.formats.onnx;

import dev.rosetta.error.InvalidGraphException;
import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.RosettaException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.onnx.ops.ImportContext;
import dev.rosetta.formats.onnx.ops.OnnxNode;
import dev.rosetta.formats.onnx.ops.OnnxOpMapping;
import dev.rosetta.formats.onnx.ops.OnnxOps;
import dev.rosetta.formats.onnx.proto.OnnxProto.AttributeProto;
import dev.rosetta.formats.onnx.proto.OnnxProto.GraphProto;
import dev.rosetta.formats.onnx.proto.OnnxProto.ModelProto;
import dev.rosetta.formats.onnx.proto.OnnxProto.NodeProto;
import dev.rosetta.formats.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.rosetta.formats.onnx.proto.OnnxProto.TensorProto;
import dev.rosetta.formats.onnx.proto.OnnxProto.TensorShapeProto;
import dev.rosetta.formats.onnx.proto.OnnxProto.TypeProto;
import dev.rosetta.formats.onnx.proto.OnnxProto.ValueInfoProto;
import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a parsed {@link ModelProto} into an IR {@link Model}.
 *
 * <p>Nodes are imported in topological order through the {@link OnnxOps} table; each mapping
 * emits IR nodes into this context, which infers their types and folds static shape computations
 * as it goes. Every unsupported operator, variant or data type is recorded rather than thrown at
 * once, so the caller can list them all; such nodes are kept in the graph as they are in the file.
 * Afterwards Identity nodes that do not name a graph output are removed, and the initializers that
 * became attributes are dropped.
 */
final class OnnxImporter implements ImportContext {
    private static final int MAX_LISTED_NODES = 5;

    private final Path file;
    private final ModelProto proto;
    private final Graph graph;
    private final Model model;
    private final ExternalData external;
    private final Map<String, Value> values = new HashMap<>();
    private final Map<String, ValueInfoProto> declared = new HashMap<>();
    private final UniqueNames names = new UniqueNames();
    private final Set<String> graphOutputs = new HashSet<>();
    private final Set<String> used = new HashSet<>();
    private final Set<Value> parameters = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<String, List<String>> unsupported = new LinkedHashMap<>();
    private int defaultOpset;
    private String place = "graph";

    OnnxImporter(Path file, ModelProto proto) {
        this.file = file;
        this.proto = proto;
        GraphProto g = proto.getGraph();
        this.graph = new Graph(g.getName().isEmpty() ? "main" : g.getName());
        this.model = new Model(graph, "onnx", opsets(proto), metadata(proto));
        this.external = new ExternalData(file, model);
    }

    /** The model being built (owns the external data mappings even if {@link #run} fails). */
    Model model() {
        return model;
    }

    /** The unsupported items found, one line each; empty when everything is supported. */
    List<String> unsupportedItems() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : unsupported.entrySet()) {
            List<String> nodes = e.getValue();
            if (nodes.isEmpty()) {
                out.add(e.getKey());
                continue;
            }
            StringBuilder sb = new StringBuilder(e.getKey()).append(", used by ").append(nodes.size())
                    .append(nodes.size() == 1 ? " node: " : " nodes: ");
            for (int i = 0; i < Math.min(nodes.size(), MAX_LISTED_NODES); i++) {
                sb.append(i == 0 ? "" : ", ").append('\'').append(nodes.get(i)).append('\'');
            }
            if (nodes.size() > MAX_LISTED_NODES) {
                sb.append(" and ").append(nodes.size() - MAX_LISTED_NODES).append(" more");
            }
            out.add(sb.toString());
        }
        return out;
    }

    /** Builds the model. The caller closes it if anything after this fails. */
    Model run() {
        if (!proto.hasIrVersion()) {
            throw new MalformedInputException(file, "ModelProto", "expected field 1 (ir_version), found none");
        }
        if (!proto.hasGraph()) {
            throw new MalformedInputException(file, "ModelProto", "expected field 7 (graph), found none");
        }
        defaultOpset = defaultOpset(proto);
        GraphProto g = proto.getGraph();
        g.getInputList().forEach(v -> declared.put(v.getName(), v));
        g.getValueInfoList().forEach(v -> declared.putIfAbsent(v.getName(), v));
        g.getOutputList().forEach(v -> declared.putIfAbsent(v.getName(), v));
        g.getOutputList().forEach(v -> graphOutputs.add(v.getName()));
        readInitializers(g);
        readInputs(g);
        List<NodeProto> order = topologicalOrder(g);
        for (NodeProto n : g.getNodeList()) {
            used.addAll(n.getInputList());
        }
        used.addAll(graphOutputs);
        int index = 0;
        for (NodeProto n : order) {
            importNode(n, index++);
        }
        place = "graph outputs";
        for (ValueInfoProto o : g.getOutputList()) {
            Value v = values.get(o.getName());
            if (v == null) {
                throw new MalformedInputException(file, "graph output '" + o.getName() + "'",
                        "expected a graph input, an initializer or a node output of that name, found none");
            }
            applyDeclared(v, o);
            checkInterfaceType(o, "graph output");
            graph.addOutput(v);
        }
        removeIdentities();
        dropSpentParameters();
        try {
            graph.validate();
        } catch (InvalidGraphException e) {
            throw new MalformedInputException(file, "graph '" + graph.name() + "'", e.getMessage(), e);
        }
        return model;
    }

    // ---- reading the graph's declarations -------------------------------------------------------

    private static Map<String, Long> opsets(ModelProto p) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (OperatorSetIdProto o : p.getOpsetImportList()) {
            m.put(OnnxOps.isDefaultDomain(o.getDomain()) ? "" : o.getDomain(), o.getVersion());
        }
        return m;
    }

    private static Map<String, String> metadata(ModelProto p) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("onnx.ir_version", Long.toString(p.getIrVersion()));
        putIf(m, "producer", p.getProducerName());
        putIf(m, "producer_version", p.getProducerVersion());
        putIf(m, "onnx.domain", p.getDomain());
        if (p.hasModelVersion()) {
            m.put("onnx.model_version", Long.toString(p.getModelVersion()));
        }
        putIf(m, "doc", p.getDocString());
        p.getMetadataPropsList().forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    private static void putIf(Map<String, String> m, String key, String value) {
        if (value != null && !value.isEmpty()) {
            m.put(key, value);
        }
    }

    private int defaultOpset(ModelProto p) {
        for (OperatorSetIdProto o : p.getOpsetImportList()) {
            if (OnnxOps.isDefaultDomain(o.getDomain())) {
                if (o.getVersion() < 1 || o.getVersion() > Integer.MAX_VALUE) {
                    throw new MalformedInputException(file, "opset_import", "expected a version >= 1 for the"
                            + " default domain, found " + o.getVersion());
                }
                return (int) o.getVersion();
            }
        }
        return p.getIrVersion() < 3 ? 1 : -1;
    }

    private void readInitializers(GraphProto g) {
        for (TensorProto t : g.getInitializerList()) {
            String where = "initializer '" + t.getName() + "'";
            if (t.getName().isEmpty()) {
                throw new MalformedInputException(file, "initializer", "expected a name, found an empty one");
            }
            if (!names.add(t.getName())) {
                throw new MalformedInputException(file, where, "the name is used by another initializer");
            }
            Tensor tensor;
            try {
                tensor = OnnxTensors.decode(t, file, external, where);
            } catch (UnsupportedFeatureException e) {
                record(e.getMessage(), null);
                continue;
            }
            Value v = Value.constant(t.getName(), tensor, Layout.UNKNOWN);
            graph.addInitializer(v);
            values.put(v.name(), v);
        }
        if (g.getSparseInitializerCount() > 0) {
            record("sparse initializers (" + g.getSparseInitializerCount() + ")", null);
        }
    }

    private void readInputs(GraphProto g) {
        for (ValueInfoProto in : g.getInputList()) {
            if (values.containsKey(in.getName()) || in.getName().isEmpty()) {
                continue; // an initializer listed as an input (IR < 4): a constant, not a real input
            }
            if (!names.add(in.getName())) {
                throw new MalformedInputException(file, "graph input '" + in.getName() + "'", "listed twice");
            }
            Value v = new Value(in.getName());
            applyDeclared(v, in);
            checkInterfaceType(in, "graph input");
            graph.addInput(v);
            values.put(v.name(), v);
        }
    }

    /** Records a graph input or output whose type the IR cannot hold. */
    private void checkInterfaceType(ValueInfoProto info, String what) {
        if (!info.getType().hasTensorType()) {
            record(what + " '" + info.getName() + "' of non-tensor type " + info.getType().getValueCase(), null);
            return;
        }
        int code = info.getType().getTensorType().getElemType();
        if (code != 0) {
            try {
                OnnxTensors.dtype(code, file, what + " '" + info.getName() + "'");
            } catch (UnsupportedFeatureException e) {
                record(e.getMessage(), null);
            }
        }
    }

    /** Applies a declared (value_info) type and shape to {@code v} where it has none. */
    private void applyDeclared(Value v, ValueInfoProto info) {
        if (info == null || !info.getType().hasTensorType()) {
            return;
        }
        TypeProto.Tensor tt = info.getType().getTensorType();
        if (v.dtype() == null && tt.getElemType() != 0) {
            try {
                v.setDtype(OnnxTensors.dtype(tt.getElemType(), file, "value '" + info.getName() + "'"));
            } catch (UnsupportedFeatureException e) {
                // an intermediate of a type the IR lacks: left unknown (inputs and outputs are checked apart)
            }
        }
        if (!v.shape().hasRank() && tt.hasShape()) {
            List<Dim> dims = new ArrayList<>();
            for (TensorShapeProto.Dimension d : tt.getShape().getDimList()) {
                if (d.hasDimValue() && d.getDimValue() >= 0) {
                    dims.add(Dim.of(d.getDimValue()));
                } else {
                    dims.add(Dim.symbol(d.hasDimParam() ? d.getDimParam() : ""));
                }
            }
            v.setShape(new Shape(dims));
        }
    }

    /** The nodes sorted so that producers come first (files should already be, but need not). */
    private List<NodeProto> topologicalOrder(GraphProto g) {
        Map<String, Integer> producer = new HashMap<>();
        List<NodeProto> nodes = g.getNodeList();
        for (int i = 0; i < nodes.size(); i++) {
            for (String out : nodes.get(i).getOutputList()) {
                if (out.isEmpty()) {
                    continue;
                }
                if (values.containsKey(out) || graph.inputs().stream().anyMatch(v -> v.name().equals(out))) {
                    throw new MalformedInputException(file, "node " + describe(nodes.get(i), i), "output '" + out
                            + "' is also a graph input or an initializer");
                }
                Integer prior = producer.putIfAbsent(out, i);
                if (prior != null) {
                    throw new MalformedInputException(file, "node " + describe(nodes.get(i), i), "output '" + out
                            + "' is also produced by node " + describe(nodes.get(prior), prior));
                }
                names.add(out);
            }
        }
        int[] pending = new int[nodes.size()];
        Map<Integer, List<Integer>> consumers = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            Set<Integer> deps = new LinkedHashSet<>();
            for (String in : nodes.get(i).getInputList()) {
                if (in.isEmpty() || values.containsKey(in)) {
                    continue;
                }
                Integer p = producer.get(in);
                if (p == null) {
                    if (!names.contains(in)) {
                        throw new MalformedInputException(file, "node " + describe(nodes.get(i), i), "input '" + in
                                + "' is not a graph input, an initializer or the output of any node");
                    }
                    continue; // an initializer of an unsupported type, already recorded
                }
                deps.add(p);
            }
            pending[i] = deps.size();
            for (int p : deps) {
                consumers.computeIfAbsent(p, k -> new ArrayList<>()).add(i);
            }
        }
        java.util.PriorityQueue<Integer> ready = new java.util.PriorityQueue<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (pending[i] == 0) {
                ready.add(i);
            }
        }
        List<NodeProto> out = new ArrayList<>(nodes.size());
        while (!ready.isEmpty()) {
            int i = ready.poll();
            out.add(nodes.get(i));
            for (int c : consumers.getOrDefault(i, List.of())) {
                if (--pending[c] == 0) {
                    ready.add(c);
                }
            }
        }
        if (out.size() != nodes.size()) {
            List<String> stuck = new ArrayList<>();
            for (int i = 0; i < nodes.size() && stuck.size() < MAX_LISTED_NODES; i++) {
                if (pending[i] > 0) {
                    stuck.add(describe(nodes.get(i), i));
                }
            }
            throw new MalformedInputException(file, "graph", "the nodes form a cycle through " + String.join(", ", stuck));
        }
        return out;
    }

    private static String describe(NodeProto n, int index) {
        return (n.getName().isEmpty() ? "#" + index : "'" + n.getName() + "'") + " (" + n.getOpType() + ")";
    }

    // ---- importing nodes ---------------------------------------------------------------------

    private void importNode(NodeProto n, int index) {
        String name = n.getName().isEmpty() ? uniqueNodeName(n, index) : n.getName();
        place = "node '" + name + "' (" + n.getOpType() + ")";
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        for (AttributeProto a : n.getAttributeList()) {
            try {
                Attribute v = OnnxAttributes.decode(a, file, external, place);
                if (v != null) {
                    attrs.put(a.getName(), v);
                }
            } catch (UnsupportedFeatureException e) {
                record(e.getMessage(), null);
            }
        }
        List<Value> inputs = new ArrayList<>();
        for (String in : n.getInputList()) {
            inputs.add(in.isEmpty() ? null : lookup(in));
        }
        boolean defaultDomain = OnnxOps.isDefaultDomain(n.getDomain());
        String key = n.getOpType() + " (" + (defaultDomain ? "ai.onnx" : n.getDomain()) + " opset "
                + (defaultDomain ? defaultOpset : model.opsetImports().getOrDefault(n.getDomain(), 0L)) + ")";
        OnnxOpMapping mapping = defaultDomain ? OnnxOps.get(n.getOpType()) : null;
        if (defaultDomain && defaultOpset < 1) {
            throw new MalformedInputException(file, place, "the model imports no opset of the default ONNX domain");
        }
        if (mapping == null) {
            record(key, name);
            importRaw(n, name, inputs, attrs);
            return;
        }
        if (defaultOpset > OnnxOps.MAX_READ_OPSET) {
            record("ai.onnx opset " + defaultOpset + " is newer than the newest Rosetta reads ("
                    + OnnxOps.MAX_READ_OPSET + ")", null);
            importRaw(n, name, inputs, attrs);
            return;
        }
        inputs.stream().filter(v -> v != null && v.isConstant()).forEach(parameters::add);
        OnnxNode node = new OnnxNode(name, n.getOpType(), defaultOpset, inputs, n.getOutputList(), attrs);
        try {
            mapping.importNode(node, this);
        } catch (UnsupportedFeatureException e) {
            record(e.getMessage(), null);
            importRaw(n, name, inputs, attrs);
        } catch (MalformedInputException e) {
            throw e;
        } catch (RosettaException | IllegalArgumentException | IllegalStateException | IndexOutOfBoundsException
                 | ArithmeticException | NullPointerException e) {
            throw new MalformedInputException(file, place, "cannot import the node: " + e.getMessage(), e);
        }
    }

    private String uniqueNodeName(NodeProto n, int index) {
        return n.getOpType() + "_" + index;
    }

    /** Keeps an unsupported node as it is in the file, for inspection. */
    private void importRaw(NodeProto n, String name, List<Value> inputs, Map<String, Attribute> attrs) {
        List<Value> outs = new ArrayList<>();
        for (String o : n.getOutputList()) {
            if (!o.isEmpty() && !values.containsKey(o)) {
                outs.add(newValue(o));
            }
        }
        List<Value> ins = new ArrayList<>();
        for (Value v : inputs) {
            ins.add(v);
        }
        Node node = new Node(name, OnnxOps.isDefaultDomain(n.getDomain()) ? "" : n.getDomain(), n.getOpType(), ins,
                outs, attrs);
        graph.addNode(node);
        outs.forEach(v -> values.put(v.name(), v));
    }

    private void record(String item, String nodeName) {
        List<String> nodes = unsupported.computeIfAbsent(item, k -> new ArrayList<>());
        if (nodeName != null) {
            nodes.add(nodeName);
        }
    }

    private Value lookup(String name) {
        Value v = values.get(name);
        if (v == null) {
            // Produced by a node whose import failed and was recorded, or an initializer of an
            // unsupported type: a placeholder keeps the rest of the graph readable.
            v = newValue(name);
            values.put(name, v);
            graph.addInput(v);
        }
        return v;
    }

    private Value newValue(String name) {
        Value v = new Value(name);
        applyDeclared(v, declared.get(name));
        return v;
    }

    // ---- ImportContext ---------------------------------------------------------------------------

    @Override
    public Tensor constant(Value v) {
        return v == null ? null : v.constant();
    }

    @Override
    public List<Value> emit(String name, String opType, List<Value> inputs, Map<String, Attribute> attributes,
                            List<String> outputNames) {
        List<Value> outs = new ArrayList<>();
        for (String o : outputNames) {
            outs.add(newValue(o));
        }
        Node node = new Node(name, opType, inputs, outs, attributes);
        graph.addNode(node);
        OnnxOpMapping mapping = OnnxOps.get(opType);
        if (mapping != null) {
            try {
                mapping.inferTypes(node);
            } catch (RuntimeException e) {
                // inference is best effort: a shape it cannot follow stays unknown
            }
            List<Tensor> folded = foldable(outputNames) ? tryFold(mapping, node) : null;
            if (folded != null && folded.size() == outs.size()) {
                graph.removeNode(node);
                List<Value> consts = new ArrayList<>();
                for (int i = 0; i < folded.size(); i++) {
                    Value c = Value.constant(outputNames.get(i), folded.get(i), Layout.UNKNOWN);
                    graph.addInitializer(c);
                    parameters.add(c);
                    values.put(c.name(), c);
                    consts.add(c);
                }
                return consts;
            }
        }
        outs.forEach(v -> values.put(v.name(), v));
        return outs;
    }

    private boolean foldable(List<String> outputNames) {
        return outputNames.stream().noneMatch(graphOutputs::contains);
    }

    private List<Tensor> tryFold(OnnxOpMapping mapping, Node node) {
        List<Tensor> consts = new ArrayList<>();
        for (Value v : node.inputs()) {
            consts.add(constant(v));
        }
        try {
            return mapping.fold(node, consts);
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public void alias(String outputName, Value value) {
        if (outputName.isEmpty()) {
            return;
        }
        if (graphOutputs.contains(outputName)) {
            emit(outputName + "_identity", "Identity", List.of(value), Map.of(), List.of(outputName));
        } else {
            values.put(outputName, value);
        }
    }

    @Override
    public void defineConstant(String outputName, Tensor tensor) {
        if (graphOutputs.contains(outputName)) {
            alias(outputName, addConstant(outputName + "_value", tensor));
            return;
        }
        Value c = Value.constant(outputName, tensor, Layout.UNKNOWN);
        graph.addInitializer(c);
        values.put(outputName, c);
    }

    @Override
    public boolean isUsed(String name) {
        return used.contains(name);
    }

    @Override
    public String freshName(String base) {
        return names.fresh(base);
    }

    @Override
    public Value addConstant(String base, Tensor tensor) {
        Value c = Value.constant(freshName(base), tensor, Layout.UNKNOWN);
        graph.addInitializer(c);
        parameters.add(c);
        values.put(c.name(), c);
        return c;
    }

    @Override
    public void tagLayout(Value v, Layout layout) {
        if (v != null && (v.layout() == Layout.UNKNOWN || v.layout() == Layout.NONE)) {
            v.setLayout(layout);
        }
    }

    // ---- clean-up --------------------------------------------------------------------------------

    /** Removes Identity nodes whose output is not a graph output, rewiring their readers. */
    private void removeIdentities() {
        Set<Value> outputs = Collections.newSetFromMap(new IdentityHashMap<>());
        outputs.addAll(graph.outputs());
        for (Node n : new ArrayList<>(graph.nodes())) {
            if (!n.opType().equals("Identity") || !n.domain().isEmpty() || n.inputs().size() != 1
                    || n.input(0) == null || outputs.contains(n.output(0))) {
                continue;
            }
            Value out = n.output(0);
            Deque<Value.Usage> uses = new ArrayDeque<>(out.uses());
            for (Value.Usage u : uses) {
                u.node().replaceInputWith(u.index(), n.input(0));
            }
            graph.removeNode(n);
        }
    }

    /** Drops initializers that only held static parameters now kept as attributes. */
    private void dropSpentParameters() {
        Set<Value> outputs = Collections.newSetFromMap(new IdentityHashMap<>());
        outputs.addAll(graph.outputs());
        for (Value v : new ArrayList<>(graph.initializers())) {
            if (parameters.contains(v) && v.uses().isEmpty() && !outputs.contains(v)) {
                graph.removeInitializer(v);
            }
        }
    }
}
