package dev.rosetta.formats.keras.read;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What a {@link LayerMapping} sees while building one call of one layer: the layer's config, the
 * call's input values, the layer's stored weights (checked against the shapes the config implies),
 * and methods that add nodes and constants to the graph under names derived from the layer's.
 */
public final class LayerContext {
    private final GraphBuilder builder;
    private final LayerConfig config;
    private final List<Value> inputs;
    private final Map<String, StoredWeight> weights;
    private final String weightPrefix;
    private final String base;
    private final List<Value> created = new ArrayList<>();

    LayerContext(GraphBuilder builder, LayerConfig config, List<Value> inputs, Map<String, StoredWeight> weights,
                 String weightPrefix, String base) {
        this.builder = builder;
        this.config = config;
        this.inputs = List.copyOf(inputs);
        this.weights = weights;
        this.weightPrefix = weightPrefix;
        this.base = base;
    }

    public LayerConfig config() {
        return config;
    }

    public List<Value> inputs() {
        return inputs;
    }

    /**
     * The single input of a one-input layer.
     *
     * @throws MalformedInputException when the call has another number of inputs
     */
    public Value input() {
        if (inputs.size() != 1) {
            throw config.bad("expected 1 input, found " + inputs.size());
        }
        return inputs.get(0);
    }

    /** The rank of the single input, or -1 when unknown. */
    public int inputRank() {
        return Shapes.rank(input().shape());
    }

    /** The element type of the first input (float32 when unknown). */
    public DType dtype() {
        DType t = inputs.isEmpty() ? null : inputs.get(0).dtype();
        return t == null ? DType.FLOAT32 : t;
    }

    /** True when the file stores variable {@code var} for this layer. */
    public boolean hasWeight(String var) {
        return weights.containsKey(var);
    }

    /**
     * The initializer holding stored variable {@code var}, created on first use and shared by every
     * call of the layer.
     *
     * @param expected the shape the config implies; -1 matches any size, {@code null} any shape
     * @param layout what the weight's axes mean, as stored
     * @param why how the expected shape follows from the config, for the error message
     * @throws MalformedInputException when the variable is missing or its shape disagrees
     */
    public Value weight(String var, long[] expected, Layout layout, String why) {
        StoredWeight w = weights.get(var);
        if (w == null) {
            throw config.bad("needs weight '" + var + "' but the file stores none for this layer (stored: "
                    + (weights.isEmpty() ? "nothing" : String.join(", ", weights.keySet())) + ")");
        }
        long[] actual = w.tensor().shape();
        if (expected == null) {
            return builder.weightValue(weightPrefix + "/" + var, w.tensor(), layout);
        }
        boolean ok = actual.length == expected.length;
        for (int i = 0; ok && i < actual.length; i++) {
            ok = expected[i] < 0 || expected[i] == actual[i];
        }
        if (!ok) {
            throw new MalformedInputException(builder.file(), config.describe() + " weight '" + w.storedName() + "'",
                    "has shape " + Arrays.toString(actual) + " but the layer's config needs "
                            + describeShape(expected) + " (" + why + ")");
        }
        return builder.weightValue(weightPrefix + "/" + var, w.tensor(), layout);
    }

    private static String describeShape(long[] s) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < s.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(s[i] < 0 ? "?" : Long.toString(s[i]));
        }
        return sb.append(']').toString();
    }

    /** A new constant initializer named after this layer. */
    public Value constant(String suffix, Tensor tensor, Layout layout) {
        Value v = Value.constant(builder.unique(base + "/" + suffix), tensor, layout);
        builder.graph().addInitializer(v);
        return v;
    }

    /** A scalar constant of the input's float type. */
    public Value scalar(String suffix, double value) {
        return constant(suffix, Tensor.fromDoubles(dtype(), new long[0], value), Layout.NONE);
    }

    /**
     * Adds a node with one output.
     *
     * @param shape the output's shape ({@link Shape#UNKNOWN_RANK} when not known)
     * @param layout the output's layout tag
     * @return the output value
     */
    public Value emit(String op, List<Value> ins, Map<String, Attribute> attrs, Shape shape, Layout layout) {
        String name = builder.unique(base + "/" + op);
        DType t = dtype();
        Value out = new Value(name, t, shape, layout);
        Node n = new Node(name, op, ins, List.of(out), attrs);
        builder.graph().addNode(n);
        created.add(out);
        return out;
    }

    /** Adds an elementwise node: output shape and layout are those of the first input. */
    public Value unary(String op, Value x, Map<String, Attribute> attrs) {
        return emit(op, List.of(x), attrs, x.shape(), x.layout());
    }

    /** Applies a Keras activation by name ({@code linear} returns {@code x}). */
    public Value activation(Value x, String name) {
        return Activations.apply(this, x, name);
    }

    /** The values this call created, in order. */
    List<Value> created() {
        return Collections.unmodifiableList(created);
    }

    /** A malformed-input error about this layer. */
    public MalformedInputException bad(String problem) {
        return config.bad(problem);
    }
}
