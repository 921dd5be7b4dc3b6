package dev.rosetta.formats.keras.read;

import dev.rosetta.error.InvalidGraphException;
import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.RosettaException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.keras.config.LayerCall;
import dev.rosetta.formats.keras.config.LayerSpec;
import dev.rosetta.formats.keras.config.ModelSpec;
import dev.rosetta.formats.keras.config.TensorRef;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
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
import java.util.TreeMap;

/**
 * Builds an IR graph from a {@link ModelSpec} and the layers' stored weights.
 *
 * <p>Every layer class must have a {@link LayerMapping} in {@link LayerTable}; {@link #checkSupported}
 * lists every layer that has none (and every config a mapping rejects) before anything is built.
 * Layers are built call by call as their inputs become available, so configs whose layers are not
 * listed in topological order still read. A model used as a layer is inlined: its inputs are bound
 * to the call's inputs and its layers' names are prefixed with its own.
 *
 * <p>Names: a layer's (last) output value and node are named after the layer ({@code conv0}; a
 * second call of a shared layer {@code conv0:1}; inside a nested model {@code inner/conv0}); the
 * helper nodes a layer needs are named {@code conv0/<Op>}; weights {@code conv0/kernel}.
 */
public final class GraphBuilder {
    private final Path file;
    private final WeightSource weights;
    private final int kerasMajor;
    private Graph graph;
    private final Set<String> names = new HashSet<>();
    private final Map<String, Value> weightValues = new HashMap<>();

    /**
     * @param file the file named in errors
     * @param weights where the layers' weights are
     * @param kerasMajor 2 for Keras 2 / tf.keras configs, 3 for Keras 3
     */
    public GraphBuilder(Path file, WeightSource weights, int kerasMajor) {
        this.file = file;
        this.weights = weights;
        this.kerasMajor = kerasMajor;
    }

    Path file() {
        return file;
    }

    Graph graph() {
        return graph;
    }

    /**
     * Every layer in {@code spec} (nested models included) that Rosetta cannot read, one line per
     * unsupported class or config.
     */
    public static List<String> unsupported(ModelSpec spec, Path file, int kerasMajor) {
        Map<String, List<String>> byClass = new TreeMap<>();
        List<String> configs = new ArrayList<>();
        collectUnsupported(spec, file, kerasMajor, "", byClass, configs);
        List<String> items = new ArrayList<>();
        byClass.forEach((cls, layers) -> items.add(cls + " (" + (layers.size() == 1 ? "layer " : "layers ")
                + String.join(", ", layers.subList(0, Math.min(8, layers.size())))
                + (layers.size() > 8 ? ", ... " + layers.size() + " in all" : "") + ")"));
        items.addAll(configs);
        return items;
    }

    private static void collectUnsupported(ModelSpec spec, Path file, int kerasMajor, String prefix,
                                           Map<String, List<String>> byClass, List<String> configs) {
        for (LayerSpec l : spec.layers()) {
            if (l.isInput()) {
                continue;
            }
            if (l.nested() != null) {
                collectUnsupported(l.nested(), file, kerasMajor, prefix + l.name() + "/", byClass, configs);
                continue;
            }
            LayerMapping m = LayerTable.get(l.className());
            if (m == null) {
                byClass.computeIfAbsent(l.className(), k -> new ArrayList<>()).add("'" + prefix + l.name() + "'");
                continue;
            }
            LayerConfig cfg = new LayerConfig(file, prefix + l.name(), l.className(), l.config(), kerasMajor);
            for (String why : m.unsupported(cfg)) {
                configs.add(cfg.describe() + ": " + why);
            }
        }
    }

    /**
     * Throws when any layer is unsupported.
     *
     * @throws UnsupportedFeatureException listing every unsupported layer at once
     */
    public static void checkSupported(ModelSpec spec, Path file, int kerasMajor) {
        List<String> items = unsupported(spec, file, kerasMajor);
        if (!items.isEmpty()) {
            throw new UnsupportedFeatureException(file + ": " + items.size() + " unsupported Keras "
                    + (items.size() == 1 ? "layer class or setting" : "layer classes or settings")
                    + " (read with option weights-only=true to see the weights alone; 'rosetta formats' lists the "
                    + "supported layers)", items);
        }
    }

    /**
     * Builds the graph.
     *
     * @throws UnsupportedFeatureException listing every unsupported layer
     * @throws MalformedInputException when the config or the weights are inconsistent
     */
    public Graph build(ModelSpec spec) {
        checkSupported(spec, file, kerasMajor);
        graph = new Graph(spec.name());
        List<Value> outs = buildModel(spec, List.of(), "", "", null);
        Set<Value> seen = new HashSet<>();
        for (Value v : outs) {
            if (!seen.add(v) || v.producer() == null) {
                Value id = new Value(unique(v.name() + "/output"), v.dtype(), v.shape(), v.layout());
                graph.addNode(new Node(id.name(), "Identity", List.of(v), List.of(id), Map.of()));
                v = id;
            }
            graph.addOutput(v);
        }
        tagInputs();
        MixedDataFormats.reconcile(graph, this::unique);
        try {
            graph.sortTopologically();
            graph.validate();
        } catch (InvalidGraphException e) {
            throw new MalformedInputException(file, "model '" + spec.name() + "'", "the layers do not form a valid graph: "
                    + e.getMessage(), e);
        }
        return graph;
    }

    private List<Value> buildModel(ModelSpec spec, List<String> weightPath, String valuePrefix, String v3Prefix,
                                   List<Value> bound) {
        String where = "model '" + spec.name() + "'";
        Map<String, List<List<Value>>> produced = new HashMap<>();
        if (bound != null && bound.size() != spec.inputs().size()) {
            throw new MalformedInputException(file, where, "is called with " + bound.size() + " inputs but has "
                    + spec.inputs().size());
        }
        for (int i = 0; i < spec.inputs().size(); i++) {
            TensorRef ref = spec.inputs().get(i);
            LayerSpec layer = spec.layer(ref.layer());
            if (!layer.isInput()) {
                throw new MalformedInputException(file, where + " 'input_layers'", "names layer '" + ref.layer()
                        + "' of class " + layer.className() + "; expected an InputLayer");
            }
            Value v = bound != null ? bound.get(i) : createInput(layer, valuePrefix);
            produced.put(layer.name(), List.of(List.of(v)));
        }
        Map<String, String> v3Paths = v3Paths(spec, v3Prefix);
        record Pending(LayerSpec layer, int call) {
        }
        List<Pending> pending = new ArrayList<>();
        for (LayerSpec l : spec.layers()) {
            if (l.isInput()) {
                if (!produced.containsKey(l.name())) {
                    produced.put(l.name(), List.of(List.of(createInput(l, valuePrefix))));
                }
                continue;
            }
            for (int c = 0; c < l.calls().size(); c++) {
                pending.add(new Pending(l, c));
            }
        }
        boolean progress = true;
        while (!pending.isEmpty() && progress) {
            progress = false;
            for (var it = pending.iterator(); it.hasNext(); ) {
                Pending p = it.next();
                List<List<Value>> done = produced.getOrDefault(p.layer().name(), List.of());
                if (done.size() != p.call()) {
                    continue;
                }
                LayerCall call = p.layer().calls().get(p.call());
                List<Value> ins = resolveAll(call.inputs(), produced);
                if (ins == null) {
                    continue;
                }
                List<Value> outs = buildCall(p.layer(), p.call(), ins, weightPath, valuePrefix, v3Paths.get(p.layer().name()));
                List<List<Value>> calls = new ArrayList<>(done);
                calls.add(outs);
                produced.put(p.layer().name(), calls);
                it.remove();
                progress = true;
            }
        }
        if (!pending.isEmpty()) {
            Pending p = pending.get(0);
            TensorRef missing = null;
            for (TensorRef r : p.layer().calls().get(p.call()).inputs()) {
                if (resolve(r, produced) == null) {
                    missing = r;
                    break;
                }
            }
            throw new MalformedInputException(file, where + " layer '" + p.layer().name() + "' inbound node " + p.call(),
                    missing == null ? "is part of a cycle of layers"
                            : "reads " + missing + ", which no layer of the model produces"
                            + (spec.layer(missing.layer()) == null ? " (there is no layer '" + missing.layer() + "')" : ""));
        }
        List<Value> outs = new ArrayList<>();
        for (TensorRef r : spec.outputs()) {
            Value v = resolve(r, produced);
            if (v == null) {
                throw new MalformedInputException(file, where + " 'output_layers'", "names " + r
                        + ", which the model does not produce");
            }
            outs.add(v);
        }
        return outs;
    }

    private List<Value> buildCall(LayerSpec layer, int call, List<Value> ins, List<String> weightPath,
                                  String valuePrefix, String v3Path) {
        List<String> path = new ArrayList<>(weightPath);
        path.add(layer.name());
        String base = valuePrefix + layer.name() + (call > 0 ? ":" + call : "");
        if (layer.nested() != null) {
            return buildModel(layer.nested(), path, base + "/", v3Path, ins);
        }
        LayerMapping mapping = LayerTable.get(layer.className());
        LayerConfig cfg = new LayerConfig(file, String.join("/", path), layer.className(), layer.config(), kerasMajor);
        Map<String, StoredWeight> stored = resolveWeights(cfg, mapping.variables(cfg),
                weights.weightsOf(new LayerLocation(path, v3Path)));
        LayerContext ctx = new LayerContext(this, cfg, ins, stored, String.join("/", path), base);
        List<Value> outs;
        try {
            outs = mapping.build(ctx);
        } catch (RosettaException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MalformedInputException(file, cfg.describe(), "cannot be built from its config: " + e, e);
        }
        for (int i = 0; i < outs.size(); i++) {
            Value v = outs.get(i);
            if (ctx.created().contains(v)) {
                String name = outs.size() == 1 ? base : base + "#" + i;
                if (names.contains(name) && !name.equals(v.name())) {
                    name = unique(name);
                }
                names.add(name);
                v.setName(name);
                v.producer().setName(name);
            }
        }
        return outs;
    }

    private Map<String, StoredWeight> resolveWeights(LayerConfig cfg, List<String> expected, List<StoredWeight> stored) {
        Map<String, StoredWeight> out = new LinkedHashMap<>();
        if (stored.isEmpty()) {
            return out;
        }
        boolean byName = stored.stream().allMatch(w -> w.variable() != null && expected.contains(w.variable()))
                && stored.stream().map(StoredWeight::variable).distinct().count() == stored.size();
        if (byName) {
            for (StoredWeight w : stored) {
                out.put(w.variable(), w);
            }
            return out;
        }
        if (stored.size() != expected.size()) {
            throw new MalformedInputException(file, cfg.describe(), "the file stores " + stored.size() + " weights ("
                    + String.join(", ", stored.stream().map(StoredWeight::storedName).toList())
                    + ") but the layer's config implies " + expected.size()
                    + (expected.isEmpty() ? "" : " (" + String.join(", ", expected) + ")"));
        }
        for (int i = 0; i < stored.size(); i++) {
            out.put(expected.get(i), stored.get(i));
        }
        return out;
    }

    private static List<Value> resolveAll(List<TensorRef> refs, Map<String, List<List<Value>>> produced) {
        List<Value> out = new ArrayList<>(refs.size());
        for (TensorRef r : refs) {
            Value v = resolve(r, produced);
            if (v == null) {
                return null;
            }
            out.add(v);
        }
        return out;
    }

    private static Value resolve(TensorRef r, Map<String, List<List<Value>>> produced) {
        List<List<Value>> calls = produced.get(r.layer());
        if (calls == null || r.node() >= calls.size()) {
            return null;
        }
        List<Value> outs = calls.get(r.node());
        return r.tensor() < outs.size() ? outs.get(r.tensor()) : null;
    }

    /** Keras 3 weight paths of a model's layers: {@code <prefix>layers/<snake_case class>[_n]}. */
    static Map<String, String> v3Paths(ModelSpec spec, String v3Prefix) {
        Map<String, String> out = new HashMap<>();
        Map<String, Integer> used = new HashMap<>();
        String p = v3Prefix.isEmpty() ? "layers/" : v3Prefix + "/layers/";
        for (LayerSpec l : spec.savedLayers()) {
            String snake = snakeCase(l.className());
            Integer n = used.get(snake);
            String name;
            if (n == null) {
                used.put(snake, 0);
                name = snake;
            } else {
                used.put(snake, n + 1);
                name = snake + "_" + (n + 1);
            }
            out.put(l.name(), p + name);
        }
        return out;
    }

    /** Keras's {@code naming.to_snake_case}: {@code Conv2DTranspose} to {@code conv2d_transpose}. */
    public static String snakeCase(String name) {
        String s = name.replaceAll("\\W+", "");
        s = s.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        return s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    private Value createInput(LayerSpec layer, String valuePrefix) {
        LayerConfig cfg = new LayerConfig(file, layer.name(), layer.className(), layer.config(), kerasMajor);
        long[] shape = cfg.intList("batch_input_shape");
        if (shape == null) {
            shape = cfg.intList("batch_shape");
        }
        if (shape == null && cfg.has("input_shape")) {
            long[] s = cfg.intList("input_shape");
            shape = new long[s.length + 1];
            shape[0] = -1;
            System.arraycopy(s, 0, shape, 1, s.length);
        }
        Shape s = shape == null ? Shape.UNKNOWN_RANK : Shapes.fromKeras(shape, true);
        DType dtype = dtypeOf(cfg);
        String name = valuePrefix + layer.name();
        if (names.contains(name)) {
            throw new MalformedInputException(file, cfg.describe(), "its name is used by another layer");
        }
        names.add(name);
        Value v = new Value(name, dtype, s, Layout.UNKNOWN);
        graph.addInput(v);
        return v;
    }

    private DType dtypeOf(LayerConfig cfg) {
        String n = cfg.dtypeName();
        return switch (n) {
            case "float32", "mixed_float16", "mixed_bfloat16" -> DType.FLOAT32;
            case "float16" -> DType.FLOAT16;
            case "float64" -> DType.FLOAT64;
            case "bfloat16" -> DType.BFLOAT16;
            case "int32" -> DType.INT32;
            case "int64" -> DType.INT64;
            case "int8" -> DType.INT8;
            case "uint8" -> DType.UINT8;
            case "bool" -> DType.BOOL;
            default -> throw new UnsupportedFeatureException(file + ": " + cfg.describe() + ": input dtype '" + n
                    + "' is not supported");
        };
    }

    /**
     * Tags each input with the layout its spatial consumers declare (NC for rank 2, else none). An
     * input that is permuted first (a {@code Permute} layer, as a model that takes channels-first
     * input and computes channels-last begins) is left unknown: its layout follows from what the
     * permuted tensor feeds, which the layout passes infer.
     */
    private void tagInputs() {
        for (Value in : graph.inputs()) {
            int rank = Shapes.rank(in.shape());
            Layout tag = rank == 2 ? Layout.NC : Layout.NONE;
            for (Value.Usage u : in.uses()) {
                String layout = u.node().attrString("layout", null);
                if (layout != null && rank >= 3) {
                    tag = Shapes.layoutTag(rank, layout.charAt(1) == 'C');
                    break;
                }
                if (u.node().opType().equals("Transpose") && rank >= 3) {
                    tag = Layout.UNKNOWN;
                }
            }
            in.setLayout(tag);
        }
    }

    /** The initializer for a weight, created on first use. */
    Value weightValue(String name, Tensor tensor, Layout layout) {
        Value v = weightValues.get(name);
        if (v == null) {
            v = Value.constant(unique(name), tensor, layout);
            graph.addInitializer(v);
            weightValues.put(name, v);
        }
        return v;
    }

    /** {@code base}, or {@code base_1}, {@code base_2}, ... whichever is not yet taken. */
    String unique(String base) {
        String name = base;
        for (int i = 1; names.contains(name); i++) {
            name = base + "_" + i;
        }
        names.add(name);
        return name;
    }
}
