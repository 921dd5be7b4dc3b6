package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.tensorflow.graph.TfNode;
import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an op mapping sees while the importer walks the graph: the IR values of the TensorFlow
 * tensors imported so far (by canonical name {@code node:index}), and ways to emit IR nodes and
 * constants under unique names.
 *
 * <p>Output {@code k} of TensorFlow node {@code n} becomes the IR value named {@code n} ({@code k
 * = 0}) or {@code n:k}; helper nodes a mapping adds are named {@code n/<suffix>}. Every emitted
 * node gets its output types and shapes inferred ({@link ShapeInference}).
 */
public final class ImportContext {
    private final Path file;
    private final Graph graph;
    private final VariableSource variables;
    private final Map<String, Value> tensors = new HashMap<>();
    private final Set<String> usedNames = new HashSet<>();

    /**
     * @param file the file being read, for messages
     * @param graph the IR graph nodes are added to
     * @param variables where variable values come from
     * @param reserved names no generated value may take (inputs and outputs named by the caller)
     */
    public ImportContext(Path file, Graph graph, VariableSource variables, Set<String> reserved) {
        this.file = file;
        this.graph = graph;
        this.variables = variables;
        this.usedNames.addAll(reserved);
    }

    public Path file() {
        return file;
    }

    public Graph graph() {
        return graph;
    }

    /** A name not taken yet, {@code preferred} when free, else {@code preferred_1}, {@code _2}, ... */
    public String claimName(String preferred) {
        String name = preferred;
        for (int i = 1; !usedNames.add(name); i++) {
            name = preferred + "_" + i;
        }
        return name;
    }

    /** Frees a reserved name, so that the value it was reserved for can claim it. */
    public void release(String name) {
        usedNames.remove(name);
    }

    /** The IR value of a tensor, or {@code null} when it is not imported (yet). */
    public Value tensor(String canonical) {
        return tensors.get(canonical);
    }

    /** Binds a tensor name to a value (graph inputs, aliases). */
    public void bindTensor(String canonical, Value v) {
        tensors.put(canonical, v);
    }

    /** Binds output {@code index} of {@code n} to an existing value (Identity and friends). */
    public void bind(TfNode n, int index, Value v) {
        tensors.put(n.output(index), v);
    }

    public int inputCount(TfNode n) {
        return n.inputs().size();
    }

    /**
     * The value read by input {@code i} of {@code n}.
     *
     * @throws MalformedInputException when the node has fewer inputs, or the input names an output
     *     its producer does not have
     */
    public Value input(TfNode n, int i) {
        if (i >= n.inputs().size()) {
            throw malformed(n, "expected at least " + (i + 1) + " inputs, found " + n.inputs().size());
        }
        Value v = tensors.get(n.inputs().get(i));
        if (v == null) {
            // The producer was imported (producers come first) but made no such output: e.g. an
            // Identity whose only inputs are control inputs, or an output index past its outputs.
            throw malformed(n, "input " + i + " reads '" + n.inputs().get(i)
                    + "', which its producer does not output");
        }
        return v;
    }

    /** The constant content of {@code v}, or {@code null}. */
    public Tensor constant(Value v) {
        return v == null ? null : v.constant();
    }

    /**
     * The constant content of input {@code i}.
     *
     * @param role what the input is, for the message ("shape", "axes")
     * @throws UnsupportedFeatureException when it is computed at run time
     */
    public Tensor requireConstant(TfNode n, int i, String role) {
        Tensor t = constant(input(n, i));
        if (t == null) {
            throw unsupported(n, "its " + role + " (input " + i + ", '" + n.inputs().get(i)
                    + "') is computed at run time; only constant " + role + " is supported");
        }
        return t;
    }

    /** A constant integer input as longs. */
    public long[] requireInts(TfNode n, int i, String role) {
        Tensor t = requireConstant(n, i, role);
        if (t.dtype().isFloatingPoint() || t.elementCount() > 1_000_000) {
            throw malformed(n, "its " + role + " must be an integer tensor, found " + t);
        }
        return t.toLongArray();
    }

    /**
     * Emits the IR node for {@code n}: its outputs become the values of {@code n}'s outputs
     * {@code 0..outputs-1}.
     */
    public List<Value> emit(TfNode n, String op, List<Value> inputs, Map<String, Attribute> attrs, int outputs) {
        List<Value> outs = new ArrayList<>(outputs);
        for (int k = 0; k < outputs; k++) {
            outs.add(new Value(claimName(k == 0 ? n.name() : n.name() + ":" + k)));
        }
        add(new Node(n.name(), op, inputs, outs, attrs));
        for (int k = 0; k < outputs; k++) {
            bind(n, k, outs.get(k));
        }
        return outs;
    }

    /** {@link #emit(TfNode, String, List, Map, int)} with one output. */
    public Value emit(TfNode n, String op, List<Value> inputs, Map<String, Attribute> attrs) {
        return emit(n, op, inputs, attrs, 1).get(0);
    }

    /** Emits a helper node named {@code <n>/<suffix>} with one output, bound to no tensor. */
    public Value emitHelper(TfNode n, String suffix, String op, List<Value> inputs, Map<String, Attribute> attrs) {
        String name = claimName(n.name() + "/" + suffix);
        Value out = new Value(name);
        add(new Node(name, op, inputs, List.of(out), attrs));
        return out;
    }

    /** Emits a node in another domain (an op kept as it is), with {@code outputs} outputs. */
    public List<Value> emitOpaque(TfNode n, String domain, List<Value> inputs, Map<String, Attribute> attrs,
                                  int outputs) {
        List<Value> outs = new ArrayList<>(outputs);
        for (int k = 0; k < outputs; k++) {
            outs.add(new Value(claimName(k == 0 ? n.name() : n.name() + ":" + k)));
        }
        graph.addNode(new Node(n.name(), domain, n.op(), inputs, outs, attrs));
        for (int k = 0; k < outputs; k++) {
            bind(n, k, outs.get(k));
        }
        return outs;
    }

    private void add(Node node) {
        graph.addNode(node);
        ShapeInference.infer(node);
    }

    /** Adds an initializer named after {@code preferred} (made unique). */
    public Value addConstant(String preferred, Tensor t, Layout layout) {
        Value v = Value.constant(claimName(preferred), t, layout);
        graph.addInitializer(v);
        return v;
    }

    /**
     * {@code v} with its axes permuted: a new constant when {@code v} is constant (named
     * {@code <v>/<suffix>}), else the output of a {@code Transpose} node.
     */
    public Value permuted(TfNode n, Value v, int[] perm, Layout layout, String suffix) {
        Tensor c = constant(v);
        if (c != null) {
            return addConstant(v.name() + "/" + suffix, Tensors.permute(c, perm), layout);
        }
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        attrs.put("perm", new Attribute.Ints(java.util.Arrays.stream(perm).asLongStream().toArray()));
        Value out = emitHelper(n, suffix, "Transpose", List.of(v), attrs);
        out.setLayout(layout);
        return out;
    }

    /** {@code v} reshaped: a constant view when constant, else a {@code Reshape} node. */
    public Value reshaped(TfNode n, Value v, long[] shape, Layout layout, String suffix) {
        Tensor c = constant(v);
        if (c != null && java.util.Arrays.stream(shape).allMatch(d -> d >= 0)) {
            if (Tensor.elementCount(shape) != c.elementCount()) {
                throw malformed(n, "constant '" + v.name() + "' of shape " + java.util.Arrays.toString(c.shape())
                        + " cannot be used as shape " + java.util.Arrays.toString(shape));
            }
            return addConstant(v.name() + "/" + suffix, c.reshape(shape), layout);
        }
        Value out = emitHelper(n, suffix, "Reshape", List.of(v), Map.of("shape", new Attribute.Ints(shape)));
        out.setLayout(layout);
        return out;
    }

    /** The value of variable node {@code n}, as an initializer named like the node. */
    public Value variable(TfNode n) {
        return addConstant(n.name(), variables.value(n), Layout.UNKNOWN);
    }

    /** Sets {@code v}'s layout tag when it has none yet. */
    public static void tag(Value v, Layout layout) {
        if (v != null && (v.layout() == Layout.UNKNOWN || v.layout() == Layout.NONE)) {
            v.setLayout(layout);
        }
    }

    /** An error for a variant of an op the IR cannot express. */
    public UnsupportedFeatureException unsupported(TfNode n, String what) {
        return new UnsupportedFeatureException(n.op() + " node '" + n.name() + "': " + what);
    }

    public MalformedInputException malformed(TfNode n, String problem) {
        return new MalformedInputException(file, "node " + n.describe(), problem);
    }
}
