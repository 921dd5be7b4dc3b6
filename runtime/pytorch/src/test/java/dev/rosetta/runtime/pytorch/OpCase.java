package dev.rosetta.runtime.pytorch;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A small test graph described once and built twice: as an IR model (static parameters as
 * attributes, the IR convention) and as a JSON description that make_op_models.py turns into the
 * equivalent ONNX model (where opset 17 wants those parameters as int64 inputs).
 */
final class OpCase {
    record In(String name, long[] shape, Layout layout) {
    }

    record Init(String name, long[] shape, float[] floats, long[] longs) {
    }

    record N(String name, String op, List<String> inputs, List<String> outputs, Map<String, Object> attrs,
             Map<String, Integer> movedToInputs) {
    }

    final String name;
    long opset = 17;
    final List<In> inputs = new ArrayList<>();
    final List<Init> inits = new ArrayList<>();
    final List<N> nodes = new ArrayList<>();
    final List<String> outputs = new ArrayList<>();
    private final Random random;

    OpCase(String name) {
        this.name = name;
        this.random = new Random(name.hashCode());
    }

    static OpCase of(String name) {
        return new OpCase(name);
    }

    OpCase input(String n, long... shape) {
        inputs.add(new In(n, shape, shape.length == 4 ? Layout.NCHW : Layout.UNKNOWN));
        return this;
    }

    /** A float initializer with seeded values in [-1, 1) (or [lo, hi)). */
    OpCase weight(String n, long... shape) {
        return weightRange(n, -1, 1, shape);
    }

    OpCase weightRange(String n, double lo, double hi, long... shape) {
        int count = (int) Tensor.elementCount(shape);
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = (float) (lo + (hi - lo) * random.nextDouble());
        }
        inits.add(new Init(n, shape, v, null));
        return this;
    }

    OpCase floats(String n, long[] shape, float... v) {
        inits.add(new Init(n, shape, v, null));
        return this;
    }

    OpCase longs(String n, long... v) {
        inits.add(new Init(n, new long[] {v.length}, null, v));
        return this;
    }

    /** One node; attribute values are Long, Float, String or long[]. */
    OpCase node(String op, List<String> in, String out, Object... kv) {
        return node(op, in, List.of(out), Map.of(), kv);
    }

    /** A node whose attributes named in {@code moved} are int64 inputs (at those indices) in ONNX. */
    OpCase node(String op, List<String> in, List<String> out, Map<String, Integer> moved, Object... kv) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            attrs.put((String) kv[i], kv[i + 1]);
        }
        nodes.add(new N(op.toLowerCase() + nodes.size(), op, in, out, attrs, moved));
        return this;
    }

    OpCase output(String... names) {
        outputs.addAll(List.of(names));
        return this;
    }

    OpCase opset(long v) {
        this.opset = v;
        return this;
    }

    /** The IR model: attributes stay attributes. */
    Model toIr() {
        Graph g = new Graph(name);
        Map<String, Value> values = new LinkedHashMap<>();
        for (In i : inputs) {
            values.put(i.name(), g.addInput(new Value(i.name(), DType.FLOAT32, Shape.of(i.shape()), i.layout())));
        }
        for (Init i : inits) {
            Tensor t = i.floats() != null ? Tensor.ofFloats(i.shape(), i.floats()) : Tensor.ofLongs(i.shape(), i.longs());
            values.put(i.name(), g.addInitializer(Value.constant(i.name(), t, Layout.NONE)));
        }
        for (N n : nodes) {
            List<Value> ins = new ArrayList<>();
            for (String s : n.inputs()) {
                ins.add(s.isEmpty() ? null : values.get(s));
            }
            List<Value> outs = new ArrayList<>();
            for (String s : n.outputs()) {
                Value v = new Value(s);
                values.put(s, v);
                outs.add(v);
            }
            Map<String, Attribute> attrs = new LinkedHashMap<>();
            n.attrs().forEach((k, v) -> attrs.put(k, switch (v) {
                case Long l -> new Attribute.Int(l);
                case Integer l -> new Attribute.Int(l);
                case Float f -> new Attribute.Float(f);
                case Double d -> new Attribute.Float(d.floatValue());
                case String s -> new Attribute.Str(s);
                case long[] a -> new Attribute.Ints(a);
                default -> throw new IllegalArgumentException(k + "=" + v);
            }));
            g.addNode(new Node(n.name(), n.op(), ins, outs, attrs));
        }
        outputs.forEach(o -> g.addOutput(values.get(o)));
        return new Model(g, "onnx", Map.of("", opset), Map.of());
    }

    /** The description make_op_models.py reads. */
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("opset", opset);
        m.put("inputs", inputs.stream().map(i -> Map.of("name", i.name(), "shape", i.shape(), "dtype", "float32")).toList());
        List<Object> ini = new ArrayList<>();
        for (Init i : inits) {
            ini.add(Map.of("name", i.name(), "shape", i.shape(), "dtype", i.floats() != null ? "float32" : "int64",
                    "data", i.floats() != null ? i.floats() : i.longs()));
        }
        List<Object> ns = new ArrayList<>();
        for (N n : nodes) {
            List<String> ins = new ArrayList<>(n.inputs());
            Map<String, Object> attrs = new LinkedHashMap<>(n.attrs());
            for (Map.Entry<String, Integer> e : n.movedToInputs().entrySet()) {
                long[] v = (long[]) attrs.remove(e.getKey());
                String in = n.name() + "_" + e.getKey();
                while (ins.size() < e.getValue()) {
                    ins.add("");
                }
                ins.add(e.getValue(), in);
                ini.add(Map.of("name", in, "shape", new long[] {v.length}, "dtype", "int64", "data", v));
            }
            ns.add(Map.of("name", n.name(), "op", n.op(), "inputs", ins, "outputs", n.outputs(), "attrs", attrs));
        }
        m.put("initializers", ini);
        m.put("nodes", ns);
        m.put("outputs", outputs);
        return m;
    }

    /** Seeded inputs, standard normal. */
    Map<String, Tensor> feed() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        Random r = new Random(42);
        for (In i : inputs) {
            m.put(i.name(), dev.rosetta.runtime.Tensors.random(DType.FLOAT32, i.shape(), r));
        }
        return m;
    }

    @Override
    public String toString() {
        return name;
    }
}
