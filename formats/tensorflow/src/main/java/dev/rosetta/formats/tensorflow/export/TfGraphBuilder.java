package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.error.RosettaException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.Session;

/**
 * Builds an IR model as a TensorFlow graph: a {@code Placeholder} per graph input, the emitted ops
 * of every node ({@link TfEmitters}), an {@code Identity} per graph output, and a variable per
 * floating-point initializer. Inputs and outputs keep the IR's names as signature keys; op names
 * are the IR names made valid for TensorFlow.
 *
 * <p>Two modes: {@link Mode#CHANNELS_LAST} (the writer) refuses channels-first spatial nodes,
 * since TensorFlow's CPU kernels are NHWC and the layout pass is the place to convert;
 * {@link Mode#TRANSPOSE_CHANNELS_FIRST} (the runtime) runs them between transposes, so any IR model
 * executes.
 */
public final class TfGraphBuilder {
    /** How channels-first spatial nodes are treated. */
    public enum Mode {
        /** Refused, with a message naming the layout pass. */
        CHANNELS_LAST,
        /** Run NHWC between two transposes. */
        TRANSPOSE_CHANNELS_FIRST
    }

    /**
     * The TensorFlow output computing one IR node output (for per-layer comparisons).
     *
     * @param value the IR value's name
     * @param node the IR node's name
     * @param op the IR node's op type
     * @param layout the IR value's layout tag
     * @param output where TensorFlow computes it
     */
    public record ValueOutput(String value, String node, String op, Layout layout, Output<?> output) {
    }

    /** What was built: the placeholders and outputs by IR name, and the variables to initialize. */
    public static final class Built {
        private final Map<String, Output<?>> inputs;
        private final Map<String, Output<?>> outputs;
        private final List<ValueOutput> values;
        private final List<EmitContext.VariableInit> variables;

        Built(Map<String, Output<?>> inputs, Map<String, Output<?>> outputs, List<ValueOutput> values,
              List<EmitContext.VariableInit> variables) {
            this.inputs = java.util.Collections.unmodifiableMap(inputs);
            this.outputs = java.util.Collections.unmodifiableMap(outputs);
            this.values = List.copyOf(values);
            this.variables = List.copyOf(variables);
        }

        /** Every node output in the model's node order, with where TensorFlow computes it. */
        public List<ValueOutput> values() {
            return values;
        }

        /** The placeholder of each graph input, by IR name, in the model's order. */
        public Map<String, Output<?>> inputs() {
            return inputs;
        }

        /** The output of each graph output, by IR name, in the model's order. */
        public Map<String, Output<?>> outputs() {
            return outputs;
        }

        /** How many variables hold the initializers. */
        public int variableCount() {
            return variables.size();
        }

        List<EmitContext.VariableInit> variables() {
            return variables;
        }
    }

    private TfGraphBuilder() {
    }

    /** Every IR op the builder emits. */
    public static Set<String> supportedOps() {
        return TfEmitters.supported();
    }

    /**
     * Every node of {@code model} the builder cannot emit, one line each; empty when it emits them all.
     */
    public static List<String> problems(Model model, Mode mode) {
        EmitContext probe = new EmitContext(null, mode == Mode.TRANSPOSE_CHANNELS_FIRST);
        Map<String, List<String>> unknown = new TreeMap<>();
        List<String> out = new ArrayList<>();
        for (Node n : model.graph().nodes()) {
            TfEmitter e = n.domain().isEmpty() || n.domain().equals("ai.onnx") ? TfEmitters.get(n.opType()) : null;
            if (e == null) {
                unknown.computeIfAbsent((n.domain().isEmpty() ? "" : n.domain() + ".") + n.opType(),
                        k -> new ArrayList<>()).add("'" + n.name() + "'");
                continue;
            }
            String why = e.check(n, probe);
            if (why != null) {
                out.add(n.opType() + " node '" + n.name() + "': " + why);
            }
        }
        List<String> all = new ArrayList<>();
        unknown.forEach((op, names) -> all.add(op + ", used by " + names.size() + (names.size() == 1 ? " node: " : " nodes: ")
                + String.join(", ", names.subList(0, Math.min(5, names.size()))) + (names.size() > 5 ? ", ..." : "")));
        all.addAll(out);
        for (Value v : model.graph().inputs()) {
            if (v.dtype() == DType.INT8 || v.dtype() == DType.INT16) {
                all.add("input '" + v.name() + "' of type " + v.dtype().shortName() + " (TensorFlow Java 1.1 has none)");
            }
        }
        return all;
    }

    /**
     * Builds {@code model} into {@code graph}.
     *
     * @throws UnsupportedFeatureException listing every node that cannot be emitted
     */
    public static Built build(Graph graph, Model model, Mode mode) {
        List<String> problems = problems(model, mode);
        if (!problems.isEmpty()) {
            throw new UnsupportedFeatureException("graph '" + model.graph().name() + "' cannot be written as TensorFlow ops ("
                    + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "; TensorFlow emitters exist for "
                    + String.join(", ", TfEmitters.supported()) + ")", problems);
        }
        EmitContext ctx = new EmitContext(graph, mode == Mode.TRANSPOSE_CHANNELS_FIRST);
        Map<String, Output<?>> inputs = new LinkedHashMap<>();
        for (Value v : model.graph().inputs()) {
            if (v.isConstant()) {
                continue;
            }
            var b = ctx.op("Placeholder", v.name()).setAttr("dtype",
                    TfTensorConversion.dataType(v.dtype() == null ? DType.FLOAT32 : v.dtype()));
            if (v.shape().hasRank()) {
                long[] dims = v.shape().dims().stream()
                        .mapToLong(d -> d.isFixed() ? ((Dim.Fixed) d).size() : -1).toArray();
                b.setAttr("shape", org.tensorflow.ndarray.Shape.of(dims));
            }
            Output<?> ph = b.build().output(0);
            ctx.bind(v, ph);
            inputs.put(v.name(), ph);
        }
        List<ValueOutput> values = new ArrayList<>();
        for (Node n : model.graph().nodes()) {
            try {
                TfEmitters.get(n.opType()).emit(n, ctx);
                for (Value v : n.outputs()) {
                    Output<?> o = ctx.bound(v);
                    if (o != null) {
                        values.add(new ValueOutput(v.name(), n.name(), n.opType(), v.layout(), o));
                    }
                }
            } catch (RosettaException e) {
                throw e.addContext("while writing node " + n.describe() + " as TensorFlow ops");
            } catch (IllegalArgumentException e) {
                throw new UnsupportedFeatureException("TensorFlow refused node " + n.describe() + ": " + e.getMessage());
            }
        }
        Map<String, Output<?>> outputs = new LinkedHashMap<>();
        for (Value v : model.graph().outputs()) {
            Output<?> o = ctx.op("Identity", v.name()).addInput(ctx.of(v)).build().output(0);
            outputs.put(v.name(), o);
        }
        return new Built(inputs, outputs, values, ctx.variables());
    }

    /** Gives every variable its value in {@code session} (one run per variable). */
    public static void initialize(Session session, Built built) {
        for (EmitContext.VariableInit v : built.variables()) {
            try (org.tensorflow.Tensor t = TfTensorConversion.toTf(v.value())) {
                session.runner().feed(v.placeholder(), t).addTarget(v.assign()).run().close();
            }
        }
    }
}
