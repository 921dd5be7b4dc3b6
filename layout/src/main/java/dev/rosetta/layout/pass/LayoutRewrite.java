package dev.rosetta.layout.pass;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import dev.rosetta.layout.Direction;
import dev.rosetta.layout.IoLayout;
import dev.rosetta.layout.kernel.Permutation;
import dev.rosetta.layout.kernel.WeightTransform;
import dev.rosetta.layout.naming.TransformLedger;
import dev.rosetta.layout.rules.OpRule;
import dev.rosetta.layout.rules.RewriteContext;
import dev.rosetta.layout.rules.RuleTable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of a layout change over a graph; the engine behind {@link ToChannelsLast} and
 * {@link ToChannelsFirst}.
 *
 * <p>Why it is shaped so: every activation has a <em>home</em> form, the layout its producer writes.
 * Nodes are visited in topological order; a node whose rule accepts it (and that either is a
 * spatial op or already has an input in the target layout) is rewritten and its outputs' home
 * becomes the target layout; any other node keeps the source layout. Whenever a reader needs the
 * other form of a value, one Transpose is created for that value and shared by every reader that
 * needs it, and the reason is logged. Graph inputs and outputs follow the io-layout option. This
 * yields transposes only at the region's boundaries, by construction.
 */
final class LayoutRewrite implements RewriteContext {
    private final Graph graph;
    private final Direction direction;
    private final IoLayout io;
    private final RuleTable rules;
    private final List<String> log = new ArrayList<>();
    private final NameSupply names;
    private final ConstantRewriter constants;
    /** Converted activations and their source layout. */
    private final Map<Value, Layout> converted = new IdentityHashMap<>();
    /** The other form of a value, made by a boundary transpose. */
    private final Map<Value, Value> otherForm = new IdentityHashMap<>();
    /** Why a node kept its source layout. */
    private final Map<Node, String> kept = new IdentityHashMap<>();

    LayoutRewrite(Graph graph, Direction direction, IoLayout io, TransformLedger ledger, RuleTable rules) {
        this.graph = graph;
        this.direction = direction;
        this.io = io;
        this.rules = rules;
        this.names = new NameSupply(graph);
        this.constants = new ConstantRewriter(graph, names, ledger, log);
    }

    List<String> run() {
        graph.sortTopologically();
        for (Value in : graph.inputs()) {
            if (isActivation(in) && direction.ioWantsTarget(io)) {
                Layout src = in.layout();
                convertOutput(in, src);
                log.add("graph input '" + in.name() + "' is now " + in.layout() + " (io-layout " + io + "): no boundary transpose");
            }
        }
        for (Node n : List.copyOf(graph.nodes())) {
            if (!touches(n)) {
                continue;
            }
            OpRule rule = rules.get(n);
            String why = rule == null ? "no layout rule for " + n.opType() : rule.refusal(n, this);
            boolean convert = why == null && (rule.convertsAlone(n, this) || anyInputInTarget(n));
            if (convert) {
                rule.rewrite(n, this);
                continue;
            }
            kept.put(n, why == null ? "none of its inputs is " + direction.targetWords() : why);
            for (int i = 0; i < n.inputs().size(); i++) {
                Value v = n.input(i);
                if (v != null && inTarget(v)) {
                    n.replaceInputWith(i, form(v, false, n, "node " + n.describe() + " keeps " + sourceLayout(v)
                            + ": " + kept.get(n)));
                }
            }
        }
        boolean wantTarget = direction.ioWantsTarget(io);
        for (int i = 0; i < graph.outputs().size(); i++) {
            Value v = graph.outputs().get(i);
            if (!isActivation(v) || inTarget(v) == wantTarget) {
                if (isActivation(v) && wantTarget) {
                    log.add("graph output '" + v.name() + "' is now " + v.layout() + " (io-layout " + io + "): no boundary transpose");
                }
                continue;
            }
            String name = v.name();
            boolean rename = !graph.inputs().contains(v);
            Layout want = wantTarget ? direction.target(sourceLayout(v)) : sourceLayout(v);
            Value t = form(v, wantTarget, null, "graph output '" + name + "' is " + want + " (io-layout " + io + ")");
            graph.setOutput(i, t);
            if (rename) {
                String inner = names.value(name + "_" + v.layout().axes().toLowerCase(java.util.Locale.ROOT));
                v.setName(inner);
                t.setName(name);
                log.add("renamed '" + name + "' to '" + inner + "' so the graph output keeps its name");
            }
        }
        constants.dropOrphans();
        graph.sortTopologically();
        return log;
    }

    private boolean touches(Node n) {
        for (Value v : n.inputs()) {
            if (v != null && isActivation(v)) {
                return true;
            }
        }
        for (Value v : n.outputs()) {
            if (isActivation(v)) {
                return true;
            }
        }
        return false;
    }

    private boolean anyInputInTarget(Node n) {
        for (Value v : n.inputs()) {
            if (v != null && inTarget(v)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The value holding {@code v} in the target form ({@code target}) or the source form,
     * creating (once) a Transpose before {@code reader} (or at the end for graph outputs).
     */
    private Value form(Value v, boolean target, Node reader, String reason) {
        if (inTarget(v) == target) {
            return v;
        }
        Value cached = otherForm.get(v);
        if (cached != null) {
            return cached;
        }
        Layout src = sourceLayout(v);
        int rank = src.rank();
        Permutation p = target ? direction.perm(rank) : direction.perm(rank).inverse();
        Layout to = target ? direction.target(src) : src;
        Value out = new Value(names.value(v.name() + "_" + to.axes().toLowerCase(java.util.Locale.ROOT)), v.dtype(),
                permute(v.shape(), p), to);
        Node t = new Node(names.node("Transpose_" + v.name()), "Transpose", List.of(v), List.of(out),
                Map.of("perm", new Attribute.Ints(p.toLongs())));
        if (reader != null) {
            graph.insertBefore(reader, t);
        } else {
            graph.addNode(t);
        }
        if (target) {
            converted.put(out, src);
        }
        otherForm.put(v, out);
        otherForm.put(out, v);
        log.add("inserted Transpose '" + t.name() + "' " + p + " on '" + v.name() + "' (" + v.layout() + " -> " + to
                + "): " + reason);
        return out;
    }

    private static Shape permute(Shape s, Permutation p) {
        if (!s.hasRank() || s.rank() != p.rank()) {
            return s;
        }
        List<Dim> dims = p.apply(s.dims());
        return new Shape(dims);
    }

    // ---- RewriteContext ----------------------------------------------------------------------

    @Override
    public Direction direction() {
        return direction;
    }

    @Override
    public Graph graph() {
        return graph;
    }

    @Override
    public boolean isActivation(Value v) {
        if (converted.containsKey(v)) {
            return true;
        }
        if (v.isConstant() || !direction.isSource(v.layout())) {
            return false;
        }
        return !v.shape().hasRank() || v.shape().rank() == v.layout().rank();
    }

    @Override
    public Layout sourceLayout(Value v) {
        Layout l = converted.get(v);
        return l != null ? l : v.layout();
    }

    @Override
    public Shape sourceShape(Value v) {
        Layout l = converted.get(v);
        return l == null ? v.shape() : permute(v.shape(), direction.perm(l.rank()).inverse());
    }

    @Override
    public boolean inTarget(Value v) {
        return converted.containsKey(v);
    }

    @Override
    public Value useTarget(Node node, int index) {
        Value v = node.input(index);
        if (inTarget(v)) {
            return v;
        }
        String reason;
        if (graph.inputs().contains(v)) {
            reason = "graph input '" + v.name() + "' stays " + v.layout() + " (io-layout " + io + ") and feeds "
                    + node.describe();
        } else if (v.producer() != null && kept.containsKey(v.producer())) {
            reason = "it comes from " + v.producer().describe() + ", which keeps " + v.layout() + " ("
                    + kept.get(v.producer()) + "), and feeds " + node.describe();
        } else {
            reason = "it feeds " + node.describe();
        }
        Value t = form(v, true, node, reason);
        node.replaceInputWith(index, t);
        return t;
    }

    @Override
    public void convertOutput(Value v, Layout source) {
        if (converted.containsKey(v)) {
            return;
        }
        converted.put(v, source);
        v.setShape(permute(v.shape(), direction.perm(source.rank())));
        v.setLayout(direction.target(source));
    }

    @Override
    public void transformConstant(Node node, int index, WeightTransform transform, Layout tag, String why) {
        constants.transform(node, index, transform, tag, why);
    }

    @Override
    public void replaceParameter(Node node, int index, Tensor values) {
        constants.replace(node, index, values);
    }

    @Override
    public void log(String line) {
        log.add(line);
    }
}
