package dev.rosetta.formats.pytorch.arch;

import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Appends ONNX-named nodes (opset 17 semantics) to a graph that already holds a state dict's
 * weights, one method per PyTorch module kind, so architecture builders read like the module's
 * {@code forward}.
 *
 * <p>Each node's output value carries the node's name, dtype, an NCHW (or NC) layout tag and the
 * shape it can tell: channels always, spatial sizes when the input size is fixed. Weights are
 * looked up by module path plus the key prefix and get their layout tag here. Node names must be
 * unique; a repeat is a bug in the builder.
 */
final class GraphAssembler {
    private static final float BN_EPSILON = 1e-5f;

    private final Graph graph;
    private final String prefix;
    private final DType dtype;
    private final Map<String, Value> initializers = new HashMap<>();
    private final Set<String> nodeNames = new HashSet<>();
    private final List<Node> added = new ArrayList<>();
    private Value input;
    private Value output;
    private Value clipMin;
    private Value clipMax;

    /**
     * @param graph holds the weights as initializers and has no nodes
     * @param prefix the key prefix of the state dict ({@code ""} or e.g. {@code "module."})
     * @param dtype the element type of the weights, used for activations too
     * @throws IllegalArgumentException when the graph already has nodes or inputs
     */
    private GraphAssembler(Graph graph, String prefix, DType dtype) {
        if (!graph.nodes().isEmpty() || !graph.inputs().isEmpty()) {
            throw new IllegalArgumentException("graph '" + graph.name() + "' already has " + graph.nodes().size()
                    + " nodes and " + graph.inputs().size() + " inputs; architectures are built into weights-only graphs");
        }
        this.graph = graph;
        this.prefix = prefix;
        this.dtype = dtype;
        for (Value v : graph.initializers()) {
            initializers.put(v.name(), v);
        }
    }

    /** What an architecture does with an assembler: the body of its {@code forward}. */
    @FunctionalInterface
    interface Body {
        void build(GraphAssembler asm);
    }

    /**
     * Builds into {@code graph} all or nothing: the graph input and output are added only when
     * {@code body} completes; if it throws, every node it added is removed again (with its uses
     * of the weights) and the exception propagates. Only layout tags set on weights remain.
     *
     * @throws IllegalArgumentException when the graph already has nodes or inputs
     */
    static void buildAtomically(Graph graph, String prefix, DType dtype, Body body) {
        GraphAssembler asm = new GraphAssembler(graph, prefix, dtype);
        try {
            body.build(asm);
            if (asm.input == null || asm.output == null) {
                throw new IllegalStateException("architecture builder set no graph input or output");
            }
        } catch (RuntimeException e) {
            for (int i = asm.added.size() - 1; i >= 0; i--) {
                graph.removeNode(asm.added.get(i));
            }
            throw e;
        }
        graph.addInput(asm.input);
        graph.addOutput(asm.output);
    }

    /** Creates the graph input {@code "input"}: [batch, channels, height, width], NCHW. */
    Value input(long channels, InputSize size) {
        Dim h = size.isFixed() ? Dim.of(size.height()) : Dim.symbol("height");
        Dim w = size.isFixed() ? Dim.of(size.width()) : Dim.symbol("width");
        input = new Value("input", dtype, new Shape(List.of(Dim.symbol("batch"), Dim.of(channels), h, w)), Layout.NCHW);
        return input;
    }

    /** Conv2d {@code module} (square kernel from its weight, dilation 1) with its bias when present. */
    Value conv(String module, Value x, long stride, long pad, long groups) {
        Value w = weight(module + ".weight", Layout.OIHW);
        long[] ws = w.constant().shape();
        List<Value> inputs = new ArrayList<>(List.of(x, w));
        if (initializers.containsKey(prefix + module + ".bias")) {
            inputs.add(weight(module + ".bias", Layout.NONE));
        }
        Map<String, Attribute> a = new LinkedHashMap<>();
        a.put("kernel_shape", new Attribute.Ints(new long[] {ws[2], ws[3]}));
        a.put("strides", new Attribute.Ints(new long[] {stride, stride}));
        a.put("pads", new Attribute.Ints(new long[] {pad, pad, pad, pad}));
        a.put("dilations", new Attribute.Ints(new long[] {1, 1}));
        a.put("group", new Attribute.Int(groups));
        a.put("layout", new Attribute.Str("NCHW"));
        Shape s = spatial(module, x, ws[0], ws[2], ws[3], stride, stride, pad);
        return node(module, "Conv", inputs, a, s, Layout.NCHW);
    }

    /** BatchNorm2d {@code module} in inference mode: inputs X, scale, B, mean, var. */
    Value batchNorm(String module, Value x) {
        List<Value> inputs = List.of(x, weight(module + ".weight", Layout.NONE), weight(module + ".bias", Layout.NONE),
                weight(module + ".running_mean", Layout.NONE), weight(module + ".running_var", Layout.NONE));
        String nbt = prefix + module + ".num_batches_tracked";
        if (initializers.containsKey(nbt)) {
            initializers.get(nbt).setLayout(Layout.NONE);
        }
        Map<String, Attribute> a = new LinkedHashMap<>();
        a.put("epsilon", new Attribute.Float(BN_EPSILON));
        a.put("layout", new Attribute.Str("NCHW"));
        return node(module, "BatchNormalization", inputs, a, x.shape(), x.layout());
    }

    Value relu(String name, Value x) {
        return node(name, "Relu", List.of(x), Map.of(), x.shape(), x.layout());
    }

    /** ReLU6 as ONNX {@code Clip(x, 0, 6)}; the bounds are two shared Constant nodes, not initializers. */
    Value relu6(String name, Value x) {
        if (clipMin == null) {
            clipMin = constant("relu6.min", 0);
            clipMax = constant("relu6.max", 6);
        }
        return node(name, "Clip", List.of(x, clipMin, clipMax), Map.of(), x.shape(), x.layout());
    }

    private Value constant(String name, double v) {
        Tensor t = Tensor.fromDoubles(dtype, new long[] {}, v);
        Map<String, Attribute> a = Map.of("value", new Attribute.TensorValue(t));
        return node(name, "Constant", List.of(), a, Shape.of(), Layout.NONE);
    }

    /** MaxPool2d with a square kernel (floor mode, dilation 1). */
    Value maxPool(String name, Value x, long kernel, long stride, long pad) {
        Map<String, Attribute> a = new LinkedHashMap<>();
        a.put("kernel_shape", new Attribute.Ints(new long[] {kernel, kernel}));
        a.put("strides", new Attribute.Ints(new long[] {stride, stride}));
        a.put("pads", new Attribute.Ints(new long[] {pad, pad, pad, pad}));
        a.put("layout", new Attribute.Str("NCHW"));
        return node(name, "MaxPool", List.of(x), a, spatial(name, x, channels(x), kernel, kernel, stride, stride, pad), Layout.NCHW);
    }

    /** AveragePool with kernel = stride and no padding (an exact adaptive pool on divisible sizes). */
    Value averagePool(String name, Value x, long kh, long kw) {
        Map<String, Attribute> a = new LinkedHashMap<>();
        a.put("kernel_shape", new Attribute.Ints(new long[] {kh, kw}));
        a.put("strides", new Attribute.Ints(new long[] {kh, kw}));
        a.put("pads", new Attribute.Ints(new long[] {0, 0, 0, 0}));
        a.put("layout", new Attribute.Str("NCHW"));
        return node(name, "AveragePool", List.of(x), a, spatial(name, x, channels(x), kh, kw, kh, kw, 0), Layout.NCHW);
    }

    Value identity(String name, Value x) {
        return node(name, "Identity", List.of(x), Map.of(), x.shape(), x.layout());
    }

    Value add(String name, Value a, Value b) {
        return node(name, "Add", List.of(a, b), Map.of(), a.shape(), a.layout());
    }

    Value globalAveragePool(String name, Value x) {
        Shape s = new Shape(List.of(x.shape().dim(0), x.shape().dim(1), Dim.of(1), Dim.of(1)));
        return node(name, "GlobalAveragePool", List.of(x), Map.of("layout", new Attribute.Str("NCHW")), s, Layout.NCHW);
    }

    /** {@code torch.flatten(x, 1)}: ONNX Flatten with axis 1. */
    Value flatten(String name, Value x) {
        Shape in = x.shape();
        Dim features = Dim.symbol("");
        if (in.dim(1).isFixed() && in.dim(2).isFixed() && in.dim(3).isFixed()) {
            features = Dim.of(size(in.dim(1)) * size(in.dim(2)) * size(in.dim(3)));
        }
        return node(name, "Flatten", List.of(x), Map.of("axis", new Attribute.Int(1)),
                new Shape(List.of(in.dim(0), features)), Layout.NC);
    }

    /** nn.Linear {@code module}: Gemm(x, W, b) with transB=1, alpha=beta=1. */
    Value linear(String module, Value x) {
        Value w = weight(module + ".weight", Layout.OI);
        List<Value> inputs = new ArrayList<>(List.of(x, w));
        if (initializers.containsKey(prefix + module + ".bias")) {
            inputs.add(weight(module + ".bias", Layout.NONE));
        }
        Map<String, Attribute> a = new LinkedHashMap<>();
        a.put("alpha", new Attribute.Float(1f));
        a.put("beta", new Attribute.Float(1f));
        a.put("transA", new Attribute.Int(0));
        a.put("transB", new Attribute.Int(1));
        Shape s = new Shape(List.of(x.shape().dim(0), Dim.of(w.constant().shape()[0])));
        return node(module, "Gemm", inputs, a, s, Layout.NC);
    }

    /** Names {@code v} {@code "output"}; it becomes the graph's output when the build completes. */
    void output(Value v) {
        v.setName("output");
        output = v;
    }

    private Value weight(String key, Layout layout) {
        Value v = initializers.get(prefix + key);
        if (v == null) {
            throw new IllegalArgumentException("graph '" + graph.name() + "' has no initializer '" + prefix + key
                    + "', which the recognized architecture needs");
        }
        v.setLayout(layout);
        return v;
    }

    private Value node(String module, String op, List<Value> inputs, Map<String, Attribute> attrs, Shape shape,
                       Layout layout) {
        String name = prefix + module;
        if (!nodeNames.add(name)) {
            throw new IllegalStateException("node name '" + name + "' used twice");
        }
        Value out = new Value(name, dtype, shape, layout);
        Node n = new Node(name, op, inputs, List.of(out), attrs);
        graph.addNode(n);
        added.add(n);
        return out;
    }

    private static long channels(Value x) {
        return size(x.shape().dim(1));
    }

    private static long size(Dim d) {
        return ((Dim.Fixed) d).size();
    }

    /** [N, channels, H', W'] for a windowed op; H', W' are known only when H, W are. */
    private Shape spatial(String name, Value x, long channels, long kh, long kw, long sh, long sw, long pad) {
        Shape in = x.shape();
        return new Shape(List.of(in.dim(0), Dim.of(channels), window(name, in.dim(2), kh, sh, pad),
                window(name, in.dim(3), kw, sw, pad)));
    }

    private Dim window(String name, Dim d, long k, long s, long pad) {
        if (!d.isFixed()) {
            return Dim.symbol("");
        }
        long out = Math.floorDiv(size(d) + 2 * pad - k, s) + 1;
        if (out < 1) {
            throw new UnsupportedFeatureException("input size " + input.shape().dim(2) + "x" + input.shape().dim(3)
                    + " is too small: node '" + prefix + name + "' would get a spatial size of "
                    + size(d) + " and produce an empty output");
        }
        return Dim.of(out);
    }

}
