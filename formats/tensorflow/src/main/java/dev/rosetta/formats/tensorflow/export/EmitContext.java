package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.tensorflow.ops.Tensors;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Operation;
import org.tensorflow.OperationBuilder;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.op.Scope;

/**
 * The state of one IR-to-TensorFlow build: the TensorFlow output of each IR value, unique op
 * names, and the variables created for the IR's initializers (floating-point initializers become
 * {@code VariableV2} ops set through a placeholder and an {@code Assign}, so the weights are saved
 * in the variables bundle rather than in the graph; integer ones become constants).
 */
final class EmitContext {
    /**
     * One variable to initialize: run {@code assign} feeding {@code value} to {@code placeholder}.
     */
    record VariableInit(String name, Operation assign, Output<?> placeholder, Tensor value) {
    }

    private final Graph graph;
    private final Scope scope;
    private final boolean transposeChannelsFirst;
    private final Map<Value, Output<?>> outputs = new IdentityHashMap<>();
    private final Set<String> names = new HashSet<>();
    private final List<VariableInit> variables = new ArrayList<>();

    EmitContext(Graph graph, boolean transposeChannelsFirst) {
        this.graph = graph;
        this.scope = graph == null ? null : Ops.create(graph).scope();
        this.transposeChannelsFirst = transposeChannelsFirst;
    }

    /** Whether channels-first spatial nodes are run by transposing around NHWC ops (else refused). */
    boolean transposeChannelsFirst() {
        return transposeChannelsFirst;
    }

    List<VariableInit> variables() {
        return variables;
    }

    /** The TensorFlow output computing input {@code i} of {@code n} (initializers on first use). */
    Output<?> in(Node n, int i) {
        Value v = n.input(i);
        if (v == null) {
            throw new IllegalStateException("node " + n.describe() + " has no input " + i);
        }
        return of(v);
    }

    /** The TensorFlow output of an IR value. */
    Output<?> of(Value v) {
        Output<?> o = outputs.get(v);
        if (o == null && v.isConstant()) {
            o = constantOrVariable(v.name(), v.constant());
            outputs.put(v, o);
        }
        if (o == null) {
            throw new IllegalStateException("value '" + v.name() + "' is used before it is computed");
        }
        return o;
    }

    /** The output bound to {@code v}, or {@code null}. */
    Output<?> bound(Value v) {
        return outputs.get(v);
    }

    void bind(Value v, Output<?> o) {
        outputs.put(v, o);
    }

    /** Binds output {@code k} of {@code n}. */
    void out(Node n, int k, Output<?> o) {
        outputs.put(n.output(k), o);
    }

    /** A builder for an op named after {@code base} (sanitized and made unique). */
    OperationBuilder op(String type, String base) {
        return graph.opBuilder(type, name(base), scope);
    }

    /** A name TensorFlow accepts, unique in this graph. */
    String name(String base) {
        String s = sanitize(base);
        String name = s;
        for (int i = 1; !names.add(name); i++) {
            name = s + "_" + i;
        }
        return name;
    }

    /** TensorFlow's op-name rule: {@code [A-Za-z0-9.][A-Za-z0-9_.\-/]*}. */
    static String sanitize(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = Character.isLetterOrDigit(c) && c < 128 || c == '.' || (i > 0 && (c == '_' || c == '-' || c == '/'));
            b.append(ok ? c : '_');
        }
        if (b.isEmpty()) {
            return "value";
        }
        if (b.charAt(0) == '_') {
            b.setCharAt(0, 'v');
        }
        return b.toString();
    }

    /** A constant op holding {@code t}. */
    Output<?> constant(Tensor t, String base) {
        try (org.tensorflow.Tensor tf = TfTensorConversion.toTf(t)) {
            return op("Const", base).setAttr("value", tf).setAttr("dtype", TfTensorConversion.dataType(t.dtype()))
                    .build().output(0);
        }
    }

    /** A 1-D int64 constant. */
    Output<?> int64s(long[] v, String base) {
        return constant(Tensor.ofLongs(new long[] {v.length}, v), base);
    }

    /** A 1-D int32 constant. */
    Output<?> int32s(long[] v, String base) {
        int[] ints = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            ints[i] = Math.toIntExact(v[i]);
        }
        return constant(Tensor.ofInts(new long[] {v.length}, ints), base);
    }

    /** A scalar of the given dtype. */
    Output<?> scalar(double value, DType dtype, String base) {
        return constant(Tensor.fromDoubles(dtype == null ? DType.FLOAT32 : dtype, new long[0], value), base);
    }

    /** A {@code Transpose} op. */
    Output<?> transpose(Output<?> x, int[] perm, String base) {
        long[] p = new long[perm.length];
        for (int i = 0; i < perm.length; i++) {
            p[i] = perm[i];
        }
        return op("Transpose", base).addInput(x).addInput(int32s(p, base + "/perm")).build().output(0);
    }

    /**
     * Input {@code i} of {@code n} with its axes permuted: a constant is permuted here (and becomes
     * a variable), anything else through a {@code Transpose} op.
     */
    Output<?> permutedInput(Node n, int i, int[] perm, long[] reshapeAfter) {
        Value v = n.input(i);
        Tensor c = v.constant();
        if (c != null) {
            Tensor t = perm == null ? c : Tensors.permute(c, perm);
            if (reshapeAfter != null) {
                t = t.reshape(reshapeAfter);
            }
            return constantOrVariable(v.name(), t);
        }
        Output<?> o = perm == null ? of(v) : transpose(of(v), perm, n.name() + "/" + "weight_perm");
        if (reshapeAfter != null) {
            o = op("Reshape", n.name() + "/weight_reshape").addInput(o).addInput(int64s(reshapeAfter,
                    n.name() + "/weight_shape")).build().output(0);
        }
        return o;
    }

    /** A variable for a floating-point tensor, a constant for any other. */
    Output<?> constantOrVariable(String base, Tensor t) {
        if (!t.dtype().isFloatingPoint()) {
            return constant(t, base);
        }
        String name = name(base);
        org.tensorflow.ndarray.Shape shape = org.tensorflow.ndarray.Shape.of(t.shape());
        org.tensorflow.proto.DataType dt = TfTensorConversion.dataType(t.dtype());
        Output<?> var = graph.opBuilder("VariableV2", name, scope).setAttr("shape", shape).setAttr("dtype", dt)
                .build().output(0);
        Output<?> ph = graph.opBuilder("Placeholder", name(name + "_value"), scope).setAttr("dtype", dt)
                .setAttr("shape", shape).build().output(0);
        Operation assign = graph.opBuilder("Assign", name(name + "_assign"), scope).addInput(var).addInput(ph).build();
        variables.add(new VariableInit(name, assign, ph, t));
        return var;
    }

    /** The weight layout a conv's weight input holds, by tag, or by the IR convention for the node's layout. */
    static Layout weightLayout(Value w, boolean channelsLast, boolean depthwise) {
        Layout tag = w.layout();
        if (tag != Layout.UNKNOWN && tag != Layout.NONE) {
            return tag;
        }
        return channelsLast ? (depthwise ? Layout.HWCM : Layout.HWIO) : Layout.OIHW;
    }

    UnsupportedFeatureException unsupported(Node n, String what) {
        return new UnsupportedFeatureException(n.opType() + " node '" + n.name() + "': " + what);
    }
}
