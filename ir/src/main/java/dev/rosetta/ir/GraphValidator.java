package dev.rosetta.ir;

import dev.rosetta.error.InvalidGraphException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/** The checks behind {@link Graph#validate()}; one method per invariant. */
final class GraphValidator {
    private GraphValidator() {
    }

    static void validate(Graph g) {
        checkUniqueNames(g);
        checkInitializers(g);
        checkProducers(g);
        checkInputsProduced(g);
        g.sortTopologically();
        checkOutputsProduced(g);
    }

    private static void checkUniqueNames(Graph g) {
        Map<String, Value> byName = new HashMap<>();
        Set<Value> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Iterable<Value> all = () -> allValues(g).iterator();
        for (Value v : all) {
            if (!seen.add(v)) {
                continue;
            }
            Value prior = byName.putIfAbsent(v.name(), v);
            if (prior != null && prior != v) {
                throw new InvalidGraphException("graph '" + g.name() + "' has two distinct values named '"
                        + v.name() + "'");
            }
        }
    }

    private static java.util.List<Value> allValues(Graph g) {
        java.util.List<Value> all = new java.util.ArrayList<>(g.inputs());
        all.addAll(g.initializers());
        for (Node n : g.nodes()) {
            for (Value v : n.inputs()) {
                if (v != null) {
                    all.add(v);
                }
            }
            all.addAll(n.outputs());
        }
        all.addAll(g.outputs());
        return all;
    }

    private static void checkInitializers(Graph g) {
        for (Value v : g.initializers()) {
            Tensor t = v.constant();
            long expected = Math.multiplyExact(t.elementCount(), (long) t.dtype().byteSize());
            if (t.byteSize() != expected) {
                throw new InvalidGraphException("initializer '" + v.name() + "' holds " + t.byteSize()
                        + " bytes but " + t.dtype().shortName() + Arrays.toString(t.shape())
                        + " needs " + expected);
            }
            if (v.shape().isStatic() && !Arrays.equals(v.shape().toArray(), t.shape())) {
                throw new InvalidGraphException("initializer '" + v.name() + "' is declared "
                        + v.shape() + " but its tensor is " + Arrays.toString(t.shape()));
            }
            if (v.dtype() != null && v.dtype() != t.dtype()) {
                throw new InvalidGraphException("initializer '" + v.name() + "' is declared "
                        + v.dtype().shortName() + " but its tensor is " + t.dtype().shortName());
            }
        }
    }

    private static void checkProducers(Graph g) {
        for (Node n : g.nodes()) {
            for (int i = 0; i < n.outputs().size(); i++) {
                Value out = n.output(i);
                if (out.producer() != n || out.producerOutput() != i) {
                    throw new InvalidGraphException("value '" + out.name() + "' has two producers: node "
                            + describe(out.producer()) + " and node " + n.describe());
                }
            }
        }
    }

    private static void checkInputsProduced(Graph g) {
        Set<Value> available = Collections.newSetFromMap(new IdentityHashMap<>());
        available.addAll(g.inputs());
        available.addAll(g.initializers());
        Set<Node> members = Collections.newSetFromMap(new IdentityHashMap<>());
        members.addAll(g.nodes());
        for (Node n : g.nodes()) {
            for (Value in : n.inputs()) {
                if (in == null || available.contains(in)) {
                    continue;
                }
                if (in.producer() == null) {
                    throw new InvalidGraphException("input '" + in.name() + "' of node " + n.describe()
                            + " is produced by nothing: it is not a graph input, an initializer or a node output");
                }
                if (!members.contains(in.producer())) {
                    throw new InvalidGraphException("input '" + in.name() + "' of node " + n.describe()
                            + " is produced by node " + in.producer().describe() + ", which is not in graph '"
                            + g.name() + "'");
                }
            }
        }
    }

    private static void checkOutputsProduced(Graph g) {
        Set<Node> members = Collections.newSetFromMap(new IdentityHashMap<>());
        members.addAll(g.nodes());
        for (Value out : g.outputs()) {
            boolean ok = g.inputs().contains(out) || g.initializers().contains(out)
                    || (out.producer() != null && members.contains(out.producer()));
            if (!ok) {
                throw new InvalidGraphException("graph output '" + out.name() + "' is produced by nothing");
            }
        }
    }

    private static String describe(Node n) {
        return n == null ? "(none)" : n.describe();
    }
}
