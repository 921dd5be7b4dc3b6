package dev.rosetta.layout.pass;

import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import dev.rosetta.layout.kernel.WeightTransform;
import dev.rosetta.layout.naming.TransformLedger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rewrites constant inputs of nodes: in place when the node is the constant's only reader, else
 * on a new initializer (reused by every node that needs the same rewrite of the same constant),
 * so no other reader sees a changed tensor. Reports to the ledger and the log; drops originals
 * that end up unread. Weights are re-laid {@linkplain DeferredWeights lazily}: the rewritten
 * constant computes its bytes when first read or streamed out.
 */
final class ConstantRewriter {
    private final Graph graph;
    private final NameSupply names;
    private final TransformLedger ledger;
    private final List<String> log;
    private final Map<Value, Map<String, Value>> copies = new IdentityHashMap<>();
    private final List<Value> maybeOrphaned = new ArrayList<>();
    private final Map<Value, Node> inPlace = new IdentityHashMap<>();

    ConstantRewriter(Graph graph, NameSupply names, TransformLedger ledger, List<String> log) {
        this.graph = graph;
        this.names = names;
        this.ledger = ledger;
        this.log = log;
    }

    /** Applies {@code t} to constant input {@code index} of {@code n}; {@code why} starts the log line. */
    void transform(Node n, int index, WeightTransform t, Layout tag, String why) {
        Value c = n.input(index);
        String key = t.label() + Arrays.toString(t.sourceShape()) + t.steps();
        if (inPlace.get(c) == n) {
            return;
        }
        Value done = copies.getOrDefault(c, Map.of()).get(key);
        if (done != null) {
            n.replaceInputWith(index, done);
            return;
        }
        Tensor result = DeferredWeights.apply(t, c.constant());
        String shapes = Arrays.toString(t.sourceShape()) + " -> " + Arrays.toString(t.targetShape());
        if (soleReader(c, n)) {
            c.setConstant(result);
            c.setLayout(tag);
            ledger.transformed(c, t);
            inPlace.put(c, n);
            log.add(why + ": weight '" + c.name() + "' " + t.label() + " " + shapes);
            return;
        }
        Value copy = Value.constant(names.value(c.name() + "_" + suffix(t, tag)), result, tag);
        graph.addInitializer(copy);
        n.replaceInputWith(index, copy);
        ledger.derived(copy, c, t);
        copies.computeIfAbsent(c, k -> new HashMap<>()).put(key, copy);
        maybeOrphaned.add(c);
        log.add(why + ": weight '" + c.name() + "' is also read elsewhere; '" + copy.name() + "' holds it "
                + t.label() + " " + shapes);
    }

    /** Replaces constant input {@code index} of {@code n} by {@code values} (a parameter vector). */
    void replace(Node n, int index, Tensor values) {
        Value c = n.input(index);
        if (soleReader(c, n)) {
            c.setConstant(values);
            return;
        }
        Value copy = Value.constant(names.value(c.name() + "_" + "relaid"), values, c.layout());
        graph.addInitializer(copy);
        n.replaceInputWith(index, copy);
        maybeOrphaned.add(c);
    }

    /** Removes originals no node reads any more. */
    void dropOrphans() {
        for (Value c : maybeOrphaned) {
            if (c.uses().isEmpty() && !graph.outputs().contains(c) && graph.initializers().contains(c)) {
                graph.removeInitializer(c);
                log.add("removed initializer '" + c.name() + "': every reader now uses a re-laid copy");
            }
        }
        maybeOrphaned.clear();
    }

    private boolean soleReader(Value c, Node n) {
        for (Value.Usage u : c.uses()) {
            if (u.node() != n) {
                return false;
            }
        }
        return !graph.outputs().contains(c) && graph.initializers().contains(c);
    }

    private static String suffix(WeightTransform t, Layout tag) {
        if (tag != Layout.NONE && tag != Layout.UNKNOWN) {
            return tag.axes().toLowerCase(java.util.Locale.ROOT);
        }
        return "relaid";
    }
}
