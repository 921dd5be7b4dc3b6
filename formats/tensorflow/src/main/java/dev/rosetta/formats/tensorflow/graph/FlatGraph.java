package dev.rosetta.formats.tensorflow.graph;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.ResourceLimitException;
import dev.rosetta.error.UnsupportedFeatureException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;

/**
 * A TensorFlow graph with every function call inlined: the nodes of the {@code GraphDef}, minus
 * each {@code StatefulPartitionedCall}/{@code PartitionedCall} (or call of a library function by
 * name), plus the nodes of the called function's body, renamed {@code <call>/<node>}.
 *
 * <p>Function bodies name tensors {@code node:arg:index} after the op's output argument; they are
 * rewritten to flat {@code node:index} names (ops with several output arguments are listed in
 * {@link #OUTPUT_ARGS}). A function's arguments become the call's inputs and the call's outputs
 * become the tensors its {@code ret} map names, so every node input is a canonical name of a node
 * in the flat graph. Nesting is followed to {@value #MAX_DEPTH} levels.
 */
public final class FlatGraph {
    /** Op types that call a function of the library, named by their {@code f} attribute. */
    public static final Set<String> CALL_OPS = Set.of("StatefulPartitionedCall", "PartitionedCall");
    static final int MAX_DEPTH = 32;
    private static final int MAX_NODES = 5_000_000;
    /** Output arguments of ops that have more than one, in order (each a single tensor). */
    static final Map<String, List<String>> OUTPUT_ARGS = Map.of(
            "FusedBatchNorm", List.of("y", "batch_mean", "batch_variance", "reserve_space_1", "reserve_space_2"),
            "FusedBatchNormV2", List.of("y", "batch_mean", "batch_variance", "reserve_space_1", "reserve_space_2"),
            "FusedBatchNormV3", List.of("y", "batch_mean", "batch_variance", "reserve_space_1", "reserve_space_2",
                    "reserve_space_3"),
            "Unique", List.of("y", "idx"),
            "TopKV2", List.of("values", "indices"),
            "Switch", List.of("output_false", "output_true"),
            "Merge", List.of("output", "value_index"));

    private final Path file;
    private final Map<String, TfNode> nodes;
    private final Map<String, String> aliases;
    private final Map<String, List<String>> consumers;

    private FlatGraph(Path file, Map<String, TfNode> nodes, Map<String, String> aliases) {
        this.file = file;
        this.nodes = Collections.unmodifiableMap(nodes);
        this.aliases = Map.copyOf(aliases);
        Map<String, List<String>> c = new HashMap<>();
        for (TfNode n : nodes.values()) {
            for (String in : n.inputs()) {
                c.computeIfAbsent(TensorNames.node(in), k -> new ArrayList<>()).add(n.name());
            }
        }
        this.consumers = c;
    }

    /**
     * Flattens {@code graph}, inlining calls from its library.
     *
     * @param file the file the graph came from, for messages
     * @throws MalformedInputException for duplicate node names, inputs naming no node, calls of
     *     functions the library lacks, or references a function body cannot resolve
     * @throws UnsupportedFeatureException for polymorphic functions or list-typed arguments
     */
    public static FlatGraph of(GraphDef graph, Path file) {
        Map<String, FunctionDef> library = new HashMap<>();
        for (FunctionDef f : graph.getLibrary().getFunctionList()) {
            library.put(f.getSignature().getName(), f);
        }
        Builder b = new Builder(file, library);
        for (NodeDef n : graph.getNodeList()) {
            List<String> inputs = new ArrayList<>();
            List<String> control = new ArrayList<>();
            for (String in : n.getInputList()) {
                if (TensorNames.isControl(in)) {
                    control.add(in.substring(1));
                } else {
                    inputs.add(TensorNames.canonical(in));
                }
            }
            b.add(new TfNode(n.getName(), n.getOp(), inputs, control, n.getAttrMap(), "graph"), 0);
        }
        return b.finish();
    }

    /** The node of that name, or {@code null}. */
    public TfNode node(String name) {
        return nodes.get(name);
    }

    /** Every node, graph nodes first in file order, then inlined bodies. */
    public Collection<TfNode> nodes() {
        return nodes.values();
    }

    /**
     * The flat name of a tensor of the original graph: outputs of inlined calls become the body
     * tensors they return; other names are returned as they are.
     */
    public String resolve(String canonical) {
        String r = canonical;
        for (int i = 0; i <= aliases.size(); i++) {
            String next = aliases.get(r);
            if (next == null) {
                return r;
            }
            r = next;
        }
        return r;
    }

    /** The names of the nodes reading any output of {@code node} as data. */
    public List<String> consumers(String node) {
        return consumers.getOrDefault(node, List.of());
    }

    /** The file the graph came from. */
    public Path file() {
        return file;
    }

    /** Accumulates nodes and call aliases, then rewrites every input to a real node's output. */
    private static final class Builder {
        private final Path file;
        private final Map<String, FunctionDef> library;
        private final Map<String, TfNode> nodes = new LinkedHashMap<>();
        private final Map<String, String> aliases = new HashMap<>();
        private final Deque<Map.Entry<TfNode, Integer>> calls = new ArrayDeque<>();

        Builder(Path file, Map<String, FunctionDef> library) {
            this.file = file;
            this.library = library;
        }

        void add(TfNode n, int depth) {
            if (isCall(n)) {
                calls.add(Map.entry(n, depth));
                return;
            }
            if (nodes.putIfAbsent(n.name(), n) != null) {
                throw new MalformedInputException(file, "node '" + n.name() + "'", "two nodes have this name");
            }
            if (nodes.size() > MAX_NODES) {
                throw new ResourceLimitException(file, "graph", "more than " + MAX_NODES + " nodes after inlining");
            }
        }

        private boolean isCall(TfNode n) {
            return CALL_OPS.contains(n.op()) || library.containsKey(n.op());
        }

        FlatGraph finish() {
            while (!calls.isEmpty()) {
                Map.Entry<TfNode, Integer> c = calls.poll();
                inline(c.getKey(), c.getValue());
            }
            Map<String, TfNode> resolved = new LinkedHashMap<>();
            for (TfNode n : nodes.values()) {
                List<String> inputs = new ArrayList<>(n.inputs().size());
                for (String in : n.inputs()) {
                    String r = resolve(in);
                    if (!nodes.containsKey(TensorNames.node(r))) {
                        throw new MalformedInputException(file, "node " + n.describe(), "input '" + in
                                + "' names no node of the graph");
                    }
                    inputs.add(r);
                }
                resolved.put(n.name(), new TfNode(n.name(), n.op(), inputs, n.controlInputs(), n.attrs(), n.origin()));
            }
            Map<String, String> flatAliases = new HashMap<>();
            for (String a : aliases.keySet()) {
                flatAliases.put(a, resolve(a));
            }
            return new FlatGraph(file, resolved, flatAliases);
        }

        private String resolve(String ref) {
            String r = ref;
            for (int i = 0; i <= nodes.size() + aliases.size(); i++) {
                String next = aliases.get(r);
                if (next == null) {
                    return r;
                }
                r = next;
            }
            throw new MalformedInputException(file, "tensor '" + ref + "'", "function outputs refer to each other in a cycle");
        }

        private void inline(TfNode call, int depth) {
            String where = "node " + call.describe();
            if (depth >= MAX_DEPTH) {
                throw new ResourceLimitException(file, where, "function calls nest deeper than " + MAX_DEPTH + " levels");
            }
            String fname = CALL_OPS.contains(call.op()) ? functionName(call) : call.op();
            FunctionDef f = library.get(fname);
            if (f == null) {
                throw new MalformedInputException(file, where, "calls function '" + fname
                        + "', which the graph's function library does not define");
            }
            OpDef sig = f.getSignature();
            Map<String, AttrValue> callAttrs = CALL_OPS.contains(call.op())
                    ? call.attr("f").getFunc().getAttrMap() : call.attrs();
            if (sig.getInputArgCount() != call.inputs().size()) {
                throw new MalformedInputException(file, where, "passes " + call.inputs().size()
                        + " inputs to function '" + fname + "', which takes " + sig.getInputArgCount());
            }
            Map<String, String> args = new HashMap<>();
            for (int i = 0; i < sig.getInputArgCount(); i++) {
                OpDef.ArgDef a = sig.getInputArg(i);
                if (!a.getNumberAttr().isEmpty() || !a.getTypeListAttr().isEmpty()) {
                    throw new UnsupportedFeatureException(file + ": function '" + fname + "' takes the list argument '"
                            + a.getName() + "'; only single-tensor arguments are supported");
                }
                args.put(a.getName(), call.inputs().get(i));
            }
            Map<String, String> bodyOps = new HashMap<>();
            for (NodeDef n : f.getNodeDefList()) {
                bodyOps.put(n.getName(), n.getOp());
            }
            String prefix = call.name() + "/";
            for (NodeDef n : f.getNodeDefList()) {
                List<String> inputs = new ArrayList<>();
                List<String> control = new ArrayList<>();
                for (String in : n.getInputList()) {
                    if (TensorNames.isControl(in)) {
                        String target = in.substring(1);
                        if (bodyOps.containsKey(target)) {
                            control.add(prefix + target);
                        }
                    } else {
                        inputs.add(bodyRef(in, args, bodyOps, prefix, fname));
                    }
                }
                Map<String, AttrValue> attrs = new LinkedHashMap<>();
                for (Map.Entry<String, AttrValue> a : n.getAttrMap().entrySet()) {
                    attrs.put(a.getKey(), substitute(a.getValue(), callAttrs, fname, n.getName()));
                }
                add(new TfNode(prefix + n.getName(), n.getOp(), inputs, control, attrs, fname), depth + 1);
            }
            for (int k = 0; k < sig.getOutputArgCount(); k++) {
                OpDef.ArgDef out = sig.getOutputArg(k);
                String ret = f.getRetMap().get(out.getName());
                if (ret == null) {
                    throw new MalformedInputException(file, "function '" + fname + "'", "output '" + out.getName()
                            + "' has no entry in the ret map");
                }
                aliases.put(call.output(k), bodyRef(ret, args, bodyOps, prefix, fname));
            }
        }

        private String functionName(TfNode call) {
            AttrValue f = call.attr("f");
            if (f == null || !f.hasFunc()) {
                throw new MalformedInputException(file, "node " + call.describe(), "a call without the function attribute 'f'");
            }
            return f.getFunc().getName();
        }

        /** A function body's tensor reference as a flat canonical name. */
        private String bodyRef(String ref, Map<String, String> args, Map<String, String> bodyOps, String prefix,
                               String fname) {
            String[] parts = ref.split(":", -1);
            if (parts.length == 1) {
                String arg = args.get(ref);
                if (arg == null) {
                    throw new MalformedInputException(file, "function '" + fname + "'", "'" + ref
                            + "' is neither an argument nor a node output");
                }
                return arg;
            }
            String op = bodyOps.get(parts[0]);
            if (op == null) {
                if (parts.length == 2 && args.containsKey(parts[0]) && parts[1].equals("0")) {
                    return args.get(parts[0]);
                }
                throw new MalformedInputException(file, "function '" + fname + "'", "'" + ref
                        + "' names no node of the function body");
            }
            int index;
            if (parts.length == 2) {
                index = TensorNames.index(ref);
            } else if (parts.length == 3 && TensorNames.isDigits(parts[2], 0)) {
                index = Integer.parseInt(parts[2]);
                List<String> outArgs = OUTPUT_ARGS.get(op);
                if (outArgs != null) {
                    int at = outArgs.indexOf(parts[1]);
                    if (at < 0) {
                        throw new MalformedInputException(file, "function '" + fname + "'", "'" + ref
                                + "': op " + op + " has no output '" + parts[1] + "' (it has " + outArgs + ")");
                    }
                    index += at;
                }
            } else {
                throw new MalformedInputException(file, "function '" + fname + "'", "malformed tensor reference '"
                        + ref + "'");
            }
            return prefix + parts[0] + ":" + index;
        }

        private AttrValue substitute(AttrValue v, Map<String, AttrValue> callAttrs, String fname, String node) {
            if (v.getValueCase() != AttrValue.ValueCase.PLACEHOLDER) {
                return v;
            }
            AttrValue bound = callAttrs.get(v.getPlaceholder());
            if (bound == null) {
                throw new UnsupportedFeatureException(file + ": function '" + fname + "' is polymorphic (node '" + node
                        + "' uses the attribute placeholder '" + v.getPlaceholder() + "', which the call does not bind)");
            }
            return bound;
        }
    }
}
