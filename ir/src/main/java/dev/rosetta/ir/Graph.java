package dev.rosetta.ir;

import dev.rosetta.error.InvalidGraphException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A computation graph: inputs, outputs, initializers (constant values) and nodes.
 *
 * <p>{@link #nodes()} iterates in insertion order; {@link #sortTopologically()} reorders them into
 * a deterministic topological order (ties keep insertion order) or reports a cycle. A graph with no
 * nodes is a weights-only model (a state dict). {@link #validate()} checks every invariant and
 * reports the first broken one with the names involved.
 */
public final class Graph {
    private final String name;
    private final List<Value> inputs = new ArrayList<>();
    private final List<Value> outputs = new ArrayList<>();
    private final List<Value> initializers = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();

    public Graph(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    public String name() {
        return name;
    }

    public List<Value> inputs() {
        return Collections.unmodifiableList(inputs);
    }

    public List<Value> outputs() {
        return Collections.unmodifiableList(outputs);
    }

    /** Values holding constants (weights), in insertion order. */
    public List<Value> initializers() {
        return Collections.unmodifiableList(initializers);
    }

    public List<Node> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    public Value addInput(Value v) {
        inputs.add(v);
        return v;
    }

    public Value addOutput(Value v) {
        outputs.add(v);
        return v;
    }

    public void setOutput(int index, Value v) {
        outputs.set(index, v);
    }

    /** Adds an initializer; the value must hold a constant. */
    public Value addInitializer(Value v) {
        if (!v.isConstant()) {
            throw new IllegalArgumentException("initializer '" + v.name() + "' has no constant");
        }
        initializers.add(v);
        return v;
    }

    public void removeInitializer(Value v) {
        initializers.remove(v);
    }

    public Node addNode(Node n) {
        nodes.add(n);
        return n;
    }

    /** Inserts a node before {@code anchor} in iteration order. */
    public Node insertBefore(Node anchor, Node n) {
        int i = nodes.indexOf(anchor);
        if (i < 0) {
            throw new IllegalArgumentException("node " + anchor.describe() + " is not in graph '" + name + "'");
        }
        nodes.add(i, n);
        return n;
    }

    /** Removes a node and its uses of its inputs. Its outputs keep their uses, if any remain. */
    public void removeNode(Node n) {
        if (nodes.remove(n)) {
            n.detachInputs();
        }
    }

    /** The initializer of that name, or {@code null}. */
    public Value initializer(String valueName) {
        for (Value v : initializers) {
            if (v.name().equals(valueName)) {
                return v;
            }
        }
        return null;
    }

    /** Every value the graph mentions, by name, in a deterministic order. */
    public Map<String, Value> valuesByName() {
        Map<String, Value> out = new LinkedHashMap<>();
        inputs.forEach(v -> out.putIfAbsent(v.name(), v));
        initializers.forEach(v -> out.putIfAbsent(v.name(), v));
        for (Node n : nodes) {
            n.inputs().forEach(v -> {
                if (v != null) {
                    out.putIfAbsent(v.name(), v);
                }
            });
            n.outputs().forEach(v -> out.putIfAbsent(v.name(), v));
        }
        return out;
    }

    /** Total number of scalar parameters held by initializers. */
    public long parameterCount() {
        long n = 0;
        for (Value v : initializers) {
            n += v.constant().elementCount();
        }
        return n;
    }

    /** Total bytes held by initializers. */
    public long parameterBytes() {
        long n = 0;
        for (Value v : initializers) {
            n += v.constant().byteSize();
        }
        return n;
    }

    /**
     * Reorders the nodes topologically: a node comes after the producers of all its inputs. Among
     * nodes ready at the same time, insertion order is kept, so the result is deterministic.
     *
     * @throws InvalidGraphException naming the nodes on a cycle
     */
    public void sortTopologically() {
        Map<Node, Integer> position = new IdentityHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            position.put(nodes.get(i), i);
        }
        Map<Node, Integer> pending = new IdentityHashMap<>();
        Map<Node, List<Node>> consumers = new IdentityHashMap<>();
        for (Node n : nodes) {
            Set<Node> deps = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Value in : n.inputs()) {
                if (in != null && in.producer() != null && position.containsKey(in.producer())) {
                    deps.add(in.producer());
                }
            }
            pending.put(n, deps.size());
            for (Node d : deps) {
                consumers.computeIfAbsent(d, k -> new ArrayList<>()).add(n);
            }
        }
        java.util.PriorityQueue<Node> ready = new java.util.PriorityQueue<>(
                java.util.Comparator.comparingInt(position::get));
        for (Node n : nodes) {
            if (pending.get(n) == 0) {
                ready.add(n);
            }
        }
        List<Node> sorted = new ArrayList<>(nodes.size());
        while (!ready.isEmpty()) {
            Node n = ready.poll();
            sorted.add(n);
            for (Node c : consumers.getOrDefault(n, List.of())) {
                if (pending.merge(c, -1, Integer::sum) == 0) {
                    ready.add(c);
                }
            }
        }
        if (sorted.size() != nodes.size()) {
            throw new InvalidGraphException("graph '" + name + "' has a cycle through nodes "
                    + describeCycle(pending));
        }
        nodes.clear();
        nodes.addAll(sorted);
    }

    private static String describeCycle(Map<Node, Integer> pending) {
        // Walk back from a blocked node along blocked producers until a node repeats.
        Node start = null;
        for (Map.Entry<Node, Integer> e : pending.entrySet()) {
            if (e.getValue() > 0) {
                start = e.getKey();
                break;
            }
        }
        Deque<Node> path = new ArrayDeque<>();
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Node cur = start;
        while (cur != null && seen.add(cur)) {
            path.add(cur);
            Node next = null;
            for (Value in : cur.inputs()) {
                if (in != null && in.producer() != null && pending.getOrDefault(in.producer(), 0) > 0) {
                    next = in.producer();
                    break;
                }
            }
            cur = next;
        }
        List<String> names = new ArrayList<>();
        boolean inCycle = false;
        for (Node n : path) {
            inCycle |= n == cur;
            if (inCycle) {
                names.add(n.describe());
            }
        }
        if (cur != null) {
            names.add(cur.describe());
        }
        return String.join(" <- ", names);
    }

    /**
     * Checks every invariant.
     *
     * @throws InvalidGraphException for the first broken invariant found
     */
    public void validate() {
        GraphValidator.validate(this);
    }

    @Override
    public String toString() {
        return "Graph(" + name + ": " + nodes.size() + " nodes, " + initializers.size() + " initializers)";
    }
}
