package dev.rosetta.formats.keras.write;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an {@link OpExporter} works with while a graph becomes Keras layers: which layer produces
 * each value, constants, the consumers of a value (for fusions such as MatMul + Add into Dense),
 * unique sanitized layer names, and the list of problems.
 */
public final class ExportContext {
    private final Graph graph;
    private final int kerasMajor;
    private final KerasGraph out;
    private final Map<Value, KerasLayer> producers = new IdentityHashMap<>();
    private final Set<Node> absorbed = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Value> graphOutputs = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<String> problems = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private final Set<Node> failed = Collections.newSetFromMap(new IdentityHashMap<>());
    private Node current;

    ExportContext(Graph graph, int kerasMajor, KerasGraph out) {
        this.graph = graph;
        this.kerasMajor = kerasMajor;
        this.out = out;
        graphOutputs.addAll(graph.outputs());
    }

    /** 2 when writing legacy HDF5 for Keras 2 / tf.keras, 3 when writing a Keras 3 archive. */
    public int kerasMajor() {
        return kerasMajor;
    }

    public Graph graph() {
        return graph;
    }

    List<String> problems() {
        return problems;
    }

    /** Sets the node being exported: the layers added until the next call are written for it. */
    void exporting(Node node) {
        current = node;
    }

    /** Records why {@code node} cannot be written. */
    public void problem(Node node, String what) {
        failed.add(node);
        problems.add("node " + node.describe() + ": " + what);
    }

    /** Records a problem not tied to one node. */
    void problem(String what) {
        problems.add(what);
    }

    /** Marks a node as written by another node's exporter (a fused consumer). */
    public void absorb(Node node) {
        absorbed.add(node);
    }

    boolean isAbsorbed(Node node) {
        return absorbed.contains(node);
    }

    /** The constant content of a value: an initializer or a {@code Constant} node's output; else null. */
    public Tensor constant(Value v) {
        return v == null ? null : v.knownValue();
    }

    /** The node that is {@code v}'s only reader, when {@code v} is not also a graph output; else null. */
    public Node soleConsumer(Value v) {
        if (v.uses().size() != 1 || graphOutputs.contains(v)) {
            return null;
        }
        return v.uses().get(0).node();
    }

    /**
     * The layer producing input {@code i} of {@code node}; reports a problem and returns null when
     * the input is a constant or missing (silently when its producer already has a problem, so only
     * root causes are listed).
     */
    public KerasLayer in(Node node, int i) {
        Value v = node.input(i);
        KerasLayer l = v == null ? null : producers.get(v);
        if (l == null) {
            if (v != null && v.producer() != null && failed.contains(v.producer())) {
                failed.add(node);
            } else if (v != null && constant(v) != null) {
                problem(node, "input " + i + " ('" + v.name() + "') is a constant; Keras layers read only "
                        + "activations there");
            } else if (v != null) {
                problem(node, "input " + i + " ('" + v.name() + "') comes from a node that could not be written");
            } else {
                problem(node, "input " + i + " is missing");
            }
        }
        return l;
    }

    /**
     * The layers producing every input of {@code node}, or null when any is missing (each missing
     * one is reported, as {@link #in} does).
     */
    public List<KerasLayer> allInputs(Node node) {
        List<KerasLayer> ins = new ArrayList<>();
        for (int i = 0; i < node.inputs().size(); i++) {
            ins.add(in(node, i));
        }
        return ins.contains(null) ? null : ins;
    }

    /** True when a layer produces {@code v}. */
    public boolean isActivation(Value v) {
        return v != null && producers.containsKey(v);
    }

    /** A new config object with the keys every layer has ({@code trainable}, {@code dtype}). */
    public ObjectNode config() {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("trainable", true);
        c.put("dtype", "float32");
        return c;
    }

    /**
     * Adds a layer reading {@code inbound}, named after {@code base} (sanitized, made unique).
     *
     * @return the layer, or null when an inbound layer is missing (a problem was reported)
     */
    public KerasLayer add(String base, String className, ObjectNode config, List<KerasLayer> inbound) {
        List<String> in = new ArrayList<>();
        for (KerasLayer l : inbound) {
            if (l == null) {
                return null;
            }
            in.add(l.name());
        }
        KerasLayer layer = new KerasLayer(unique(sanitize(base)), className, config, in);
        layer.setSource(current);
        out.layers().add(layer);
        return layer;
    }

    /** Records that {@code layer}'s output is {@code v}. */
    public void bind(Value v, KerasLayer layer) {
        if (layer == null) {
            return;
        }
        producers.put(v, layer);
        layer.setOutputShape(kerasShape(v.shape()));
        if (v.dtype() != null) {
            layer.setDtype(v.dtype());
        }
    }

    /** Records that {@code v} is the same tensor as {@code source} (an identity). */
    public void alias(Value v, Value source) {
        KerasLayer l = producers.get(source);
        if (l != null) {
            producers.put(v, l);
        }
    }

    KerasLayer producer(Value v) {
        return producers.get(v);
    }

    /** True when the node is channels-last (or has no spatial axes); reports a problem otherwise. */
    public boolean requireChannelsLast(Node node) {
        String layout = node.attrString("layout", null);
        int rank = rank(node.input(0));
        if (layout == null) {
            if (rank >= 0 && rank <= 2) {
                return true;
            }
            layout = "NCHW";
        }
        if (layout.length() >= 3 && layout.charAt(1) == 'C') {
            problem(node, "is channels-first (layout " + layout + "); the Keras writer needs a channels-last graph: "
                    + "run the layout pass (ToChannelsLast) first");
            return false;
        }
        return true;
    }

    /** The rank of a value, or -1. */
    public static int rank(Value v) {
        return v == null || !v.shape().hasRank() ? -1 : v.shape().rank();
    }

    /** The size of axis {@code axis} of a value (negative counts from the end), or -1. */
    public static long size(Value v, int axis) {
        int r = rank(v);
        if (r < 0) {
            return -1;
        }
        int a = axis < 0 ? axis + r : axis;
        if (a < 0 || a >= r) {
            return -1;
        }
        return v.shape().dims().get(a) instanceof Dim.Fixed f ? f.size() : -1;
    }

    /** A shape as Keras writes it: -1 for the batch and for unknown sizes; null for unknown rank. */
    public static long[] kerasShape(Shape s) {
        if (!s.hasRank()) {
            return null;
        }
        long[] out = new long[s.rank()];
        for (int i = 0; i < out.length; i++) {
            out[i] = i > 0 && s.dims().get(i) instanceof Dim.Fixed f ? f.size() : -1;
        }
        return out;
    }

    /**
     * The name a node's layer gets: the node's name, without a trailing {@code /<OpType>} (the
     * Keras reader names helper nodes {@code conv0/Conv}, so a round trip keeps {@code conv0}).
     */
    public static String layerName(Node n) {
        String suffix = "/" + n.opType();
        String name = n.name();
        return name.endsWith(suffix) && name.length() > suffix.length()
                ? name.substring(0, name.length() - suffix.length()) : name;
    }

    /** An activation fused into the layer before it. */
    public record Fused(String activation, Value output) {
    }

    /**
     * When {@code v}'s only reader is an activation Keras layers take as their {@code activation}
     * argument (relu, sigmoid, tanh, softmax over the last axis, elu, selu, softplus, softsign,
     * exponential, hard_sigmoid), absorbs it and returns its name and output; else
     * {@code ("linear", v)}.
     */
    public Fused fuseActivation(Value v) {
        Node a = soleConsumer(v);
        String name = a == null ? null : switch (a.opType()) {
            case "Relu" -> "relu";
            case "Sigmoid" -> isAbsorbed(a) ? null : "sigmoid";
            case "Tanh" -> "tanh";
            case "Softplus" -> "softplus";
            case "Softsign" -> "softsign";
            case "Exp" -> "exponential";
            case "Softmax" -> {
                long axis = a.attrInt("axis", -1);
                yield axis == -1 || axis == rank(v) - 1 ? "softmax" : null;
            }
            case "Elu" -> a.attrFloat("alpha", 1f) == 1f ? "elu" : null;
            case "Selu" -> a.attribute("alpha") == null && a.attribute("gamma") == null ? "selu" : null;
            case "HardSigmoid" -> {
                float alpha = a.attrFloat("alpha", 0.2f);
                boolean ok = a.attrFloat("beta", 0.5f) == 0.5f && (kerasMajor >= 3
                        ? Math.abs(alpha - 1f / 6) < 1e-7 : Math.abs(alpha - 0.2f) < 1e-7);
                yield ok ? "hard_sigmoid" : null;
            }
            default -> null;
        };
        if (name == null || a.inputs().size() != 1) {
            return new Fused("linear", v);
        }
        absorb(a);
        return new Fused(name, a.output(0));
    }

    /** {@code base}, or {@code base_1}, ... whichever is free. */
    String unique(String base) {
        String n = base;
        for (int i = 1; !names.add(n); i++) {
            n = base + "_" + i;
        }
        return n;
    }

    /**
     * A valid Keras layer name: characters outside {@code [A-Za-z0-9_.-]} become {@code _}, leading
     * separators are dropped, and a name that does not start with a letter or digit gets
     * {@code layer_} in front. No {@code /}, which would break Keras's weight names.
     */
    public static String sanitize(String name) {
        String s = name.replaceAll("[^A-Za-z0-9_.\\-]", "_").replaceAll("_+", "_");
        s = s.replaceAll("^[_.\\-]+", "").replaceAll("_+$", "");
        if (s.isEmpty() || !Character.isLetterOrDigit(s.charAt(0))) {
            s = "layer_" + s;
        }
        return s;
    }
}
