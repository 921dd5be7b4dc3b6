package dev.rosetta.layout.testing;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** A small graph builder for tests: random float weights, explicit shapes and tags. */
public final class G {
    public final Graph graph = new Graph("test");
    private final Random rnd;
    private int nodes;

    public G(long seed) {
        rnd = new Random(seed);
    }

    public Value input(String name, Layout l, long... shape) {
        return graph.addInput(new Value(name, DType.FLOAT32, Shape.of(shape), l));
    }

    public Value weight(String name, Layout l, long... shape) {
        float[] v = new float[(int) Tensor.elementCount(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return graph.addInitializer(Value.constant(name, Tensor.ofFloats(shape, v), l));
    }

    public Value positive(String name, long... shape) {
        float[] v = new float[(int) Tensor.elementCount(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = 0.5f + rnd.nextFloat();
        }
        return graph.addInitializer(Value.constant(name, Tensor.ofFloats(shape, v), Layout.NONE));
    }

    /** Adds a node with one output of the given tag and shape; attributes as key, value pairs. */
    public Value op(String op, List<Value> in, Layout outLayout, long[] outShape, Object... attrs) {
        String name = op.toLowerCase() + (nodes++);
        Value out = new Value(name + "_out", DType.FLOAT32, outShape == null ? Shape.UNKNOWN_RANK : Shape.of(outShape),
                outLayout);
        graph.addNode(new Node(name, op, in, List.of(out), attrs(attrs)));
        return out;
    }

    public static long[] s(long... v) {
        return v;
    }

    public static Map<String, Attribute> attrs(Object... kv) {
        Map<String, Attribute> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            Object v = kv[i + 1];
            Attribute a = switch (v) {
                case Integer x -> new Attribute.Int(x);
                case Long x -> new Attribute.Int(x);
                case Float x -> new Attribute.Float(x);
                case String x -> new Attribute.Str(x);
                case long[] x -> new Attribute.Ints(x);
                case float[] x -> new Attribute.Floats(x);
                default -> throw new IllegalArgumentException("attribute " + v);
            };
            m.put((String) kv[i], a);
        }
        return m;
    }

    public void output(Value v) {
        graph.addOutput(v);
    }

    /** Random inputs for every graph input, by name. */
    public Map<String, Nd> randomInputs(long seed) {
        Random r = new Random(seed);
        Map<String, Nd> m = new HashMap<>();
        for (Value v : graph.inputs()) {
            long[] s = v.shape().toArray();
            double[] d = new double[(int) Tensor.elementCount(s)];
            for (int i = 0; i < d.length; i++) {
                d[i] = r.nextGaussian();
            }
            m.put(v.name(), new Nd(s, d));
        }
        return m;
    }

    /** Deep copies of every initializer's tensor by name (for bit-exact comparisons). */
    public static Map<String, Tensor> snapshot(Graph g) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (Value v : g.initializers()) {
            byte[] b = v.constant().toLittleEndianBytes();
            m.put(v.name(), Tensor.ofBytes(v.constant().dtype(), v.constant().shape(), b));
        }
        return m;
    }

    public static List<Node> ops(Graph g, String op) {
        List<Node> out = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (n.opType().equals(op)) {
                out.add(n);
            }
        }
        return out;
    }

    public static String str(long[] a) {
        return Arrays.toString(a);
    }
}
