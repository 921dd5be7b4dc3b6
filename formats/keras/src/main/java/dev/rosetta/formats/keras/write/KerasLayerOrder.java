package dev.rosetta.formats.keras.write;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts a {@link KerasGraph}'s layers in the order a Keras Functional model lists them in
 * {@code model.layers}, which is the order Keras pairs stored weights with layers: the legacy HDF5
 * loader ({@code load_weights_from_hdf5_group}, also used by {@code load_model}) matches the file's
 * weight-holding {@code layer_names} with the model's weight-holding layers one by one, and Keras 3
 * addresses {@code layers/<class>_<n>} by position among layers of a class.
 *
 * <p>The order is Keras's {@code map_graph} ({@code keras/src/ops/function.py}; tf.keras's
 * {@code _map_graph_network} is the same): a layer's depth is the longest path from it to an output;
 * layers are sorted by decreasing depth, ties by the order in which a depth-first walk from the
 * outputs, through each layer's inputs in argument order, first reaches them. Inputs that reach no
 * output get depth 0. Layers Keras would not list (reaching no output) keep their place after the
 * others, so nothing is dropped.
 */
final class KerasLayerOrder {
    private KerasLayerOrder() {
    }

    /** Reorders {@code g.layers()} in place. */
    static void sort(KerasGraph g) {
        Map<String, KerasLayer> byName = new HashMap<>();
        for (KerasLayer l : g.layers()) {
            byName.put(l.name(), l);
        }
        Map<KerasLayer, Integer> index = new HashMap<>();
        List<KerasLayer> postOrder = walk(g, byName, index);
        Map<KerasLayer, Integer> depth = new HashMap<>();
        for (int i = postOrder.size() - 1; i >= 0; i--) {
            KerasLayer l = postOrder.get(i);
            int d = depth.computeIfAbsent(l, k -> 0);
            for (String in : l.inbound()) {
                KerasLayer parent = byName.get(in);
                if (parent != null) {
                    depth.merge(parent, d + 1, Math::max);
                }
            }
        }
        for (String in : g.inputs()) {
            KerasLayer l = byName.get(in);
            if (l != null && !depth.containsKey(l)) {
                depth.put(l, 0);
                index.put(l, -1);
            }
        }
        List<KerasLayer> listed = new ArrayList<>(depth.keySet());
        listed.sort(Comparator.comparing((KerasLayer l) -> -depth.get(l)).thenComparing(index::get));
        Set<KerasLayer> placed = new HashSet<>(listed);
        List<KerasLayer> rest = g.layers().stream().filter(l -> !placed.contains(l)).toList();
        g.layers().clear();
        g.layers().addAll(listed);
        g.layers().addAll(rest);
    }

    /**
     * Keras's {@code _build_map}: a depth-first walk from each output (iterative, so deep graphs
     * cannot overflow the stack), numbering layers when first reached; returns them in post-order.
     */
    private static List<KerasLayer> walk(KerasGraph g, Map<String, KerasLayer> byName, Map<KerasLayer, Integer> index) {
        record Frame(KerasLayer layer, int next) {
        }
        Set<KerasLayer> finished = new HashSet<>();
        List<KerasLayer> postOrder = new ArrayList<>();
        for (String out : g.outputs()) {
            KerasLayer start = byName.get(out);
            if (start == null || finished.contains(start)) {
                continue;
            }
            Deque<Frame> stack = new ArrayDeque<>();
            index.putIfAbsent(start, index.size());
            stack.push(new Frame(start, 0));
            Set<KerasLayer> inProgress = new HashSet<>(List.of(start));
            while (!stack.isEmpty()) {
                Frame f = stack.pop();
                List<String> ins = f.layer().inbound();
                if (f.next() < ins.size()) {
                    stack.push(new Frame(f.layer(), f.next() + 1));
                    KerasLayer child = byName.get(ins.get(f.next()));
                    if (child != null && !finished.contains(child) && inProgress.add(child)) {
                        index.putIfAbsent(child, index.size());
                        stack.push(new Frame(child, 0));
                    }
                } else {
                    inProgress.remove(f.layer());
                    finished.add(f.layer());
                    postOrder.add(f.layer());
                }
            }
        }
        return postOrder;
    }
}
