package dev.rosetta.layout.pass;

import dev.rosetta.error.InvalidGraphException;
import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Value;
import dev.rosetta.ir.pass.GraphPass;
import dev.rosetta.ir.pass.PassResult;
import dev.rosetta.layout.kernel.Permutation;
import dev.rosetta.layout.rules.OpKinds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Removes Transposes that do nothing: merges a Transpose that reads another Transpose into one
 * (perms composed), removes identity Transposes and unread ones, and pushes a Transpose below a
 * unary elementwise op (Relu, Sigmoid, Clip, ...) when every reader of that op is a Transpose, so
 * the two meet and cancel. Every removal and move is logged with its reason. Runs to a fixed
 * point; ensures no identity Transpose remains.
 */
public final class CancelTransposes implements GraphPass {

    @Override
    public String name() {
        return "cancel-transposes";
    }

    @Override
    public void requires(Graph graph) {
        graph.validate();
    }

    @Override
    public PassResult run(Graph graph) {
        List<String> log = new ArrayList<>();
        NameSupply names = new NameSupply(graph);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Node n : List.copyOf(graph.nodes())) {
                if (!graph.nodes().contains(n) || !isTranspose(n)) {
                    continue;
                }
                changed |= step(graph, n, names, log);
            }
        }
        graph.sortTopologically();
        return log.isEmpty() ? PassResult.unchanged() : PassResult.changed(log);
    }

    private static boolean isTranspose(Node n) {
        return n.opType().equals("Transpose") && (n.domain().isEmpty() || n.domain().equals("ai.onnx"))
                && n.attrInts("perm", null) != null && n.input(0) != null;
    }

    private static Permutation perm(Node n) {
        return Permutation.ofLongs(n.attrInts("perm", null));
    }

    private boolean step(Graph graph, Node n, NameSupply names, List<String> log) {
        Value y = n.output(0);
        if (y.uses().isEmpty() && !graph.outputs().contains(y)) {
            graph.removeNode(n);
            log.add("removed Transpose '" + n.name() + "': nothing reads '" + y.name() + "'");
            return true;
        }
        Permutation p = perm(n);
        if (p.isIdentity()) {
            return removeIdentity(graph, n, log);
        }
        Value x = n.input(0);
        Node m = x.producer();
        if (m != null && isTranspose(m) && graph.nodes().contains(m)) {
            Permutation q = perm(m).then(p);
            n.replaceInputWith(0, m.input(0));
            n.setAttribute("perm", new Attribute.Ints(q.toLongs()));
            log.add("merged Transpose '" + m.name() + "' " + perm(m) + " into '" + n.name() + "' " + p + ": together "
                    + q + (q.isIdentity() ? " (identity)" : ""));
            if (x.uses().isEmpty() && !graph.outputs().contains(x)) {
                graph.removeNode(m);
                log.add("removed Transpose '" + m.name() + "': merged into its only reader");
            }
            return true;
        }
        return pushBelowUnary(graph, n, p, names, log);
    }

    private boolean removeIdentity(Graph graph, Node n, List<String> log) {
        Value x = n.input(0);
        Value y = n.output(0);
        int out = graph.outputs().indexOf(y);
        if (out >= 0) {
            if (x.producer() == null || graph.outputs().contains(x)) {
                return false;
            }
            graph.setOutput(out, x);
            String keep = y.name();
            y.setName(keep + "_identity");
            x.setName(keep);
        }
        for (Value.Usage u : List.copyOf(y.uses())) {
            u.node().replaceInputWith(u.index(), x);
        }
        graph.removeNode(n);
        log.add("removed Transpose '" + n.name() + "': its perm " + perm(n) + " is the identity");
        return true;
    }

    /** T → U → (Transposes only) becomes U → T' → those Transposes, which then merge with T'. */
    private boolean pushBelowUnary(Graph graph, Node t, Permutation p, NameSupply names, List<String> log) {
        Value y = t.output(0);
        if (y.uses().size() != 1 || graph.outputs().contains(y)) {
            return false;
        }
        Value.Usage use = y.uses().get(0);
        Node u = use.node();
        if (use.index() != 0 || !OpKinds.isUnaryElementwise(u.opType()) || u.outputs().size() != 1) {
            return false;
        }
        Value z = u.output(0);
        if (z.uses().isEmpty() || graph.outputs().contains(z)) {
            return false;
        }
        for (Value.Usage r : z.uses()) {
            if (!isTranspose(r.node())) {
                return false;
            }
        }
        Value x = t.input(0);
        Value z2 = new Value(names.value(z.name() + "_t"), z.dtype(), z.shape(), z.layout());
        u.replaceInputWith(0, x);
        z.setShape(x.shape());
        z.setLayout(x.layout());
        List<Value.Usage> readers = List.copyOf(z.uses());
        Node t2 = new Node(names.node(t.name() + "_pushed"), "Transpose", List.of(z), List.of(z2),
                Map.of("perm", new Attribute.Ints(p.toLongs())));
        graph.addNode(t2);
        for (Value.Usage r : readers) {
            r.node().replaceInputWith(r.index(), z2);
        }
        graph.removeNode(t);
        log.add("pushed Transpose '" + t.name() + "' " + p + " below " + u.describe() + " to meet the Transpose"
                + (readers.size() > 1 ? "s" : "") + " reading it");
        graph.sortTopologically();
        return true;
    }

    @Override
    public void ensures(Graph graph) {
        graph.validate();
        for (Node n : graph.nodes()) {
            if (isTranspose(n) && perm(n).isIdentity() && !graph.outputs().contains(n.output(0))) {
                throw new InvalidGraphException("identity Transpose " + n.describe() + " survived cancel-transposes");
            }
        }
    }
}
