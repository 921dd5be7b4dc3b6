package dev.rosetta.formats.tensorflow;

import dev.rosetta.error.RosettaException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.error.UsageException;
import dev.rosetta.formats.tensorflow.bundle.TfDataTypes;
import dev.rosetta.formats.tensorflow.graph.FlatGraph;
import dev.rosetta.formats.tensorflow.graph.TensorNames;
import dev.rosetta.formats.tensorflow.graph.TfNode;
import dev.rosetta.formats.tensorflow.graph.TfTensors;
import dev.rosetta.formats.tensorflow.ops.ImportContext;
import dev.rosetta.formats.tensorflow.ops.TfOpMapping;
import dev.rosetta.formats.tensorflow.ops.TfOps;
import dev.rosetta.formats.tensorflow.ops.VariableSource;
import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.tensorflow.proto.AttrValue;

/**
 * Builds the IR graph that computes given tensors of a flat TensorFlow graph from given fed
 * tensors: only the nodes the outputs need are imported (a SavedModel's save and restore ops, a
 * training graph's loss, are left out), in dependency order, each through its {@link TfOps}
 * mapping.
 *
 * <p>Inputs and outputs are named by the caller (a signature's keys, or node names). Nodes no
 * mapping handles, and variants a mapping refuses, are all collected: a strict import then fails
 * listing every one; a lenient import keeps each as a node of domain {@value #TF_DOMAIN} and
 * returns the list.
 */
final class GraphImporter {
    /** Domain of the nodes kept as TensorFlow ops after a lenient import. */
    static final String TF_DOMAIN = "org.tensorflow";

    /**
     * A graph input.
     *
     * @param name its name in the IR
     * @param tensor the canonical TensorFlow tensor it feeds ({@code node:index})
     */
    record Feed(String name, String tensor, DType dtype, Shape shape) {
    }

    /** A graph output: {@code name} in the IR, computing {@code tensor}. */
    record Fetch(String name, String tensor) {
    }

    private final FlatGraph flat;
    private final VariableSource variables;

    GraphImporter(FlatGraph flat, VariableSource variables) {
        this.flat = flat;
        this.variables = variables;
    }

    /**
     * Imports what {@code fetches} need.
     *
     * @param unsupported receives one line per unsupported item; when {@code null} the import is
     *     strict and fails on the first collection of them
     * @throws UnsupportedFeatureException (strict) listing every unsupported op and variant
     * @throws UsageException when an input or output names no tensor of the graph
     */
    Graph run(String graphName, List<Feed> feeds, List<Fetch> fetches, List<String> unsupported) {
        Map<String, Feed> fed = new LinkedHashMap<>();
        for (Feed f : feeds) {
            requireTensor(f.tensor(), "input '" + f.name() + "'");
            fed.put(f.tensor(), f);
        }
        for (Fetch f : fetches) {
            requireTensor(f.tensor(), "output '" + f.name() + "'");
        }
        List<TfNode> order = order(fetches, fed.keySet());
        Map<String, List<String>> unknown = new TreeMap<>();
        for (TfNode n : order) {
            if (TfOps.get(n.op()) == null) {
                unknown.computeIfAbsent(n.op(), k -> new ArrayList<>()).add(n.name());
            }
        }
        Set<String> reserved = new HashSet<>();
        feeds.forEach(f -> reserved.add(f.name()));
        fetches.forEach(f -> reserved.add(f.name()));
        Graph graph = new Graph(graphName);
        ImportContext ctx = new ImportContext(flat.file(), graph, variables, reserved);
        for (Feed f : fed.values()) {
            Value v = new Value(f.name(), f.dtype(), f.shape(), Layout.UNKNOWN);
            graph.addInput(v);
            ctx.bindTensor(f.tensor(), v);
        }
        List<String> refused = new ArrayList<>();
        Map<String, Integer> outputCounts = outputCounts(order, fetches);
        for (TfNode n : order) {
            TfOpMapping m = TfOps.get(n.op());
            if (m == null) {
                opaque(n, ctx, outputCounts);
                continue;
            }
            try {
                m.importNode(n, ctx);
                annotate(n, ctx);
            } catch (UnsupportedFeatureException e) {
                refused.add(e.getMessage());
                opaque(n, ctx, outputCounts);
            } catch (RosettaException e) {
                throw e.addContext("while importing node " + n.describe());
            }
        }
        List<String> items = new ArrayList<>();
        unknown.forEach((op, names) -> items.add(op + ", used by " + names.size()
                + (names.size() == 1 ? " node: " : " nodes: ") + quoted(names)));
        items.addAll(refused);
        if (!items.isEmpty()) {
            if (unsupported == null) {
                throw new UnsupportedFeatureException(flat.file() + ": " + items.size() + " unsupported "
                        + (items.size() == 1 ? "item" : "items") + " (the TensorFlow ops Rosetta imports are listed by"
                        + " 'rosetta formats')", items);
            }
            unsupported.addAll(items);
        }
        bindOutputs(graph, ctx, fetches);
        MaxPoolPadFolding.run(graph);
        GroupedConvFolding.run(graph);
        ConvPadFolding.run(graph);
        ConvBiasFolding.run(graph);
        pruneInitializers(graph);
        markChannelsLastPads(graph);
        graph.validate();
        return graph;
    }

    /**
     * A Pad imported before its input's layout was known carries no {@code layout} attribute even
     * when the map it pads turned out NHWC (its output is tagged so by the convolution that reads
     * it); the layout passes need the two to agree.
     */
    private static void markChannelsLastPads(Graph graph) {
        for (dev.rosetta.ir.Node n : graph.nodes()) {
            if (n.opType().equals("Pad") && n.attribute("layout") == null
                    && n.output(0).layout() == dev.rosetta.ir.Layout.NHWC) {
                n.setAttribute("layout", new dev.rosetta.ir.Attribute.Str("NHWC"));
                if (n.input(0) != null && n.input(0).layout() == dev.rosetta.ir.Layout.UNKNOWN) {
                    n.input(0).setLayout(dev.rosetta.ir.Layout.NHWC);
                }
            }
        }
    }

    private void requireTensor(String tensor, String what) {
        TfNode n = flat.node(TensorNames.node(tensor));
        if (n == null) {
            throw new UsageException(what + " names tensor '" + tensor + "', but the graph has no node '"
                    + TensorNames.node(tensor) + "'");
        }
    }

    /** A node on the depth-first walk and the index of its next input to visit. */
    private static final class Frame {
        final TfNode node;
        int next;

        Frame(TfNode node) {
            this.node = node;
        }
    }

    /** The nodes the fetches need, producers before consumers (a depth-first walk from each fetch). */
    private List<TfNode> order(List<Fetch> fetches, Set<String> fed) {
        List<TfNode> out = new ArrayList<>();
        Set<String> done = new HashSet<>();
        Set<String> onPath = new HashSet<>();
        for (Fetch f : fetches) {
            String root = TensorNames.node(f.tensor());
            if (fed.contains(f.tensor()) || done.contains(root)) {
                continue;
            }
            Deque<Frame> stack = new ArrayDeque<>();
            stack.push(new Frame(flat.node(root)));
            onPath.add(root);
            while (!stack.isEmpty()) {
                Frame top = stack.peek();
                TfNode n = top.node;
                if (top.next < n.inputs().size()) {
                    String in = n.inputs().get(top.next++);
                    String name = TensorNames.node(in);
                    if (fed.contains(in) || done.contains(name)) {
                        continue;
                    }
                    if (onPath.contains(name)) {
                        throw new UnsupportedFeatureException(flat.file() + ": node " + n.describe()
                                + " is on a cycle (a TF1 while loop); control flow is not supported");
                    }
                    onPath.add(name);
                    stack.push(new Frame(flat.node(name)));
                } else {
                    stack.pop();
                    onPath.remove(n.name());
                    done.add(n.name());
                    out.add(n);
                }
            }
        }
        return out;
    }

    /** How many outputs each node must have: one past the highest index anything reads. */
    private static Map<String, Integer> outputCounts(List<TfNode> order, List<Fetch> fetches) {
        Map<String, Integer> counts = new HashMap<>();
        for (TfNode n : order) {
            for (String in : n.inputs()) {
                counts.merge(TensorNames.node(in), TensorNames.index(in) + 1, Math::max);
            }
        }
        for (Fetch f : fetches) {
            counts.merge(TensorNames.node(f.tensor()), TensorNames.index(f.tensor()) + 1, Math::max);
        }
        return counts;
    }

    /** Keeps a node as the TensorFlow op it is, with its inputs and simple attributes. */
    private static void opaque(TfNode n, ImportContext ctx, Map<String, Integer> outputCounts) {
        List<Value> inputs = new ArrayList<>();
        for (String in : n.inputs()) {
            Value v = ctx.tensor(in);
            inputs.add(v == null ? new Value(ctx.claimName(in)) : v);
        }
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        n.attrs().forEach((k, v) -> {
            Attribute a = attribute(v);
            if (a != null) {
                attrs.put(k, a);
            }
        });
        int outputs = Math.min(outputCounts.getOrDefault(n.name(), 1), 10_000);
        ctx.emitOpaque(n, TF_DOMAIN, inputs, attrs, Math.max(1, outputs));
        annotate(n, ctx);
    }

    private static Attribute attribute(AttrValue v) {
        return switch (v.getValueCase()) {
            case I -> new Attribute.Int(v.getI());
            case F -> new Attribute.Float(v.getF());
            case B -> new Attribute.Int(v.getB() ? 1 : 0);
            case S -> new Attribute.Str(v.getS().toStringUtf8());
            case TYPE -> new Attribute.Str(TfDataTypes.describe(v.getType()));
            case LIST -> v.getList().getICount() > 0
                    ? new Attribute.Ints(v.getList().getIList().stream().mapToLong(Long::longValue).toArray())
                    : null;
            default -> null;
        };
    }

    /** Fills types and shapes the mapping left unknown from {@code _output_shapes} and the type attribute. */
    private static void annotate(TfNode n, ImportContext ctx) {
        AttrValue shapes = n.attr("_output_shapes");
        for (int k = 0; k < 64; k++) {
            Value v = ctx.tensor(n.output(k));
            if (v == null) {
                break;
            }
            Node p = v.producer();
            if (p == null || !p.name().equals(n.name())) {
                continue;
            }
            if (!v.shape().hasRank() && shapes != null && k < shapes.getList().getShapeCount()) {
                v.setShape(TfTensors.shape(shapes.getList().getShape(k)));
            }
            if (v.dtype() == null) {
                AttrValue t = n.attr("T") != null ? n.attr("T") : n.attr("dtype");
                if (t != null && t.getValueCase() == AttrValue.ValueCase.TYPE) {
                    v.setDtype(TfDataTypes.toIr(t.getType()));
                }
            }
        }
    }

    /** Makes each fetched value a graph output named as asked, through an Identity where needed. */
    private static void bindOutputs(Graph graph, ImportContext ctx, List<Fetch> fetches) {
        Set<Value> bound = new LinkedHashSet<>();
        for (Fetch f : fetches) {
            Value v = ctx.tensor(f.tensor());
            if (v == null) {
                throw new UsageException("output '" + f.name() + "' names tensor '" + f.tensor()
                        + "', which the graph does not compute");
            }
            ctx.release(f.name());
            boolean renamable = v.producer() != null && !bound.contains(v);
            if (renamable && v.name().equals(f.name())) {
                graph.addOutput(v);
            } else if (renamable) {
                v.setName(ctx.claimName(f.name()));
                graph.addOutput(v);
            } else {
                Value out = new Value(ctx.claimName(f.name()), v.dtype(), v.shape(), v.layout());
                graph.addNode(new Node(out.name(), "Identity", List.of(v), List.of(out), Map.of()));
                graph.addOutput(out);
                v = out;
            }
            bound.add(v);
        }
    }

    private static void pruneInitializers(Graph graph) {
        Set<Value> outputs = new HashSet<>(graph.outputs());
        for (Value v : List.copyOf(graph.initializers())) {
            if (v.uses().isEmpty() && !outputs.contains(v)) {
                graph.removeInitializer(v);
            }
        }
    }

    private static String quoted(List<String> names) {
        List<String> q = new ArrayList<>();
        for (int i = 0; i < Math.min(5, names.size()); i++) {
            q.add("'" + names.get(i) + "'");
        }
        return String.join(", ", q) + (names.size() > 5 ? ", ..." : "");
    }
}
