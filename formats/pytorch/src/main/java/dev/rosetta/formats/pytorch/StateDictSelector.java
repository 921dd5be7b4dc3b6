package dev.rosetta.formats.pytorch;

import dev.rosetta.error.ResourceLimitException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.error.UsageException;
import dev.rosetta.formats.pytorch.pickle.PyDict;
import dev.rosetta.formats.pytorch.pickle.PyList;
import dev.rosetta.formats.pytorch.pickle.PyObject;
import dev.rosetta.formats.pytorch.pickle.PyTuple;
import dev.rosetta.formats.pytorch.pickle.PyValues;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;

/**
 * Finds the state dict inside whatever a {@code torch.save} file holds and flattens it to named
 * tensors.
 *
 * <p>With a key (option {@code key}, a dotted path such as {@code model} or
 * {@code checkpoint.state_dict}) that entry is taken. Otherwise, starting at the top: a dict with
 * tensors among its values is the state dict; a dict without any descends into its single
 * tensor-holding sub-dict when that sub-dict is an {@code OrderedDict} (what
 * {@code module.state_dict()} returns), has a well-known name ({@code state_dict},
 * {@code model_state_dict}, {@code model}, ...) or sits beside non-tensor entries (an
 * {@code {"model": ..., "epoch": 3}} checkpoint); among several tensor-holding sub-dicts it takes
 * the one with the first well-known name; failing all that, everything is flattened. Nested dicts,
 * lists and tuples flatten with dotted names ({@code encoder.layer_0.weight}); non-tensor values
 * are skipped and listed. Walks are bounded in depth and guarded against cycles.
 */
final class StateDictSelector {
    /** Names that usually hold the model's weights in a training checkpoint, most likely first. */
    static final List<String> PREFERRED = List.of("state_dict", "model_state_dict", "model", "module", "net",
            "network", "weights", "params", "model_ema", "ema_state_dict", "ema");
    private static final int MAX_DEPTH = 100;
    private static final int MAX_SKIPPED = 50;

    /**
     * @param tensors the selected tensors by flattened name, in pickle order
     * @param key the dotted path of the selected entry, empty for the top level
     * @param skipped what was left out, one line each ({@code "epoch (int)"})
     */
    record Selection(SequencedMap<String, TensorRef> tensors, String key, List<String> skipped) {
    }

    private final Path file;
    private final List<String> skipped = new ArrayList<>();
    private int skippedCount;

    private StateDictSelector(Path file) {
        this.file = file;
    }

    /**
     * Selects and flattens.
     *
     * @param key the dotted path to take, or {@code null} for the automatic pick
     * @throws UsageException when {@code key} names nothing, or something that holds no tensors
     */
    static Selection select(Path file, Object root, String key) {
        return new StateDictSelector(file).run(root, key, true);
    }

    /** Flattens every tensor reachable from {@code root}, without picking a part of it. */
    static Selection selectAll(Path file, Object root) {
        return new StateDictSelector(file).run(root, null, false);
    }

    private Selection run(Object root, String key, boolean pick) {
        List<String> path = new ArrayList<>();
        Object node = key != null && !key.isEmpty() ? follow(root, key, path) : pick ? autoPick(root, path) : root;
        String prefix = String.join(".", path);
        SequencedMap<String, TensorRef> out = new LinkedHashMap<>();
        if (node instanceof TensorRef t) {
            out.put(prefix.isEmpty() ? "tensor" : prefix, t);
        } else {
            flatten("", node, out, Collections.newSetFromMap(new IdentityHashMap<>()), 0);
        }
        if (skippedCount > skipped.size()) {
            skipped.add("... " + (skippedCount - skipped.size()) + " more");
        }
        return new Selection(out, prefix, List.copyOf(skipped));
    }

    private Object autoPick(Object root, List<String> path) {
        Object node = root;
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            Map<Object, Object> items = entries(node);
            if (items == null || items.values().stream().anyMatch(v -> v instanceof TensorRef)) {
                return node;
            }
            List<Object> candidates = new ArrayList<>();
            for (Map.Entry<Object, Object> e : items.entrySet()) {
                if (countTensors(e.getValue()) > 0) {
                    candidates.add(e.getKey());
                }
            }
            Object pick = null;
            if (candidates.size() == 1) {
                Object k = candidates.getFirst();
                Object v = items.get(k);
                if (v instanceof PyDict d && d.isOrdered() || PREFERRED.contains(keyName(k)) || items.size() > 1) {
                    pick = k;
                }
            } else {
                for (String p : PREFERRED) {
                    if (candidates.contains(p)) {
                        pick = p;
                        break;
                    }
                }
            }
            if (pick == null) {
                return node;
            }
            for (Map.Entry<Object, Object> e : items.entrySet()) {
                if (!e.getKey().equals(pick)) {
                    skip(join(String.join(".", path), keyName(e.getKey())), e.getValue());
                }
            }
            path.add(keyName(pick));
            node = items.get(pick);
        }
        throw new ResourceLimitException(file, "pickle", "dicts nest deeper than " + MAX_DEPTH);
    }

    private Object follow(Object root, String key, List<String> path) {
        Object node = root;
        String rest = key;
        while (!rest.isEmpty()) {
            Map<Object, Object> items = entries(node);
            if (items == null) {
                throw new UsageException("option key='" + key + "': '" + String.join(".", path) + "' is a "
                        + PyValues.typeName(node) + ", not a dict");
            }
            String best = null;
            for (Object k : items.keySet()) {
                String name = keyName(k);
                if ((rest.equals(name) || rest.startsWith(name + ".")) && (best == null || name.length() > best.length())) {
                    best = name;
                }
            }
            if (best == null) {
                List<String> names = items.keySet().stream().map(StateDictSelector::keyName).limit(20).toList();
                throw new UsageException("option key='" + key + "': no entry '" + rest + "'"
                        + (path.isEmpty() ? " at the top level" : " in '" + String.join(".", path) + "'")
                        + "; entries there: " + names);
            }
            for (Map.Entry<Object, Object> e : items.entrySet()) {
                if (keyName(e.getKey()).equals(best)) {
                    node = e.getValue();
                } else {
                    skip(join(String.join(".", path), keyName(e.getKey())), e.getValue());
                }
            }
            path.add(best);
            rest = rest.length() == best.length() ? "" : rest.substring(best.length() + 1);
        }
        if (!(node instanceof TensorRef) && countTensors(node) == 0) {
            throw new UsageException("option key='" + key + "' names a " + PyValues.typeName(node)
                    + " that holds no tensors");
        }
        return node;
    }

    private void flatten(String prefix, Object v, SequencedMap<String, TensorRef> out, Set<Object> onPath, int depth) {
        if (v instanceof TensorRef t) {
            String name = prefix.isEmpty() ? "tensor" : prefix;
            if (out.putIfAbsent(name, t) != null) {
                throw new UnsupportedFeatureException(file + ": two tensors flatten to the same name '" + name
                        + "'; pick one part of the file with the option key=...");
            }
            return;
        }
        Map<Object, Object> items = entries(v);
        if (items == null || countTensors(v) == 0) {
            skip(prefix, v); // a leaf, or a container without tensors: listed as one
            return;
        }
        if (depth >= MAX_DEPTH) {
            throw new ResourceLimitException(file, "entry '" + prefix + "'", "containers nest deeper than " + MAX_DEPTH);
        }
        if (!onPath.add(v)) {
            skip(prefix, v); // a container inside itself
            return;
        }
        for (Map.Entry<Object, Object> e : items.entrySet()) {
            flatten(join(prefix, keyName(e.getKey())), e.getValue(), out, onPath, depth + 1);
        }
        onPath.remove(v);
    }

    private void skip(String name, Object v) {
        skippedCount++;
        if (skipped.size() < MAX_SKIPPED) {
            long n = countTensors(v);
            skipped.add((name.isEmpty() ? "(top level)" : name) + " (" + PyValues.typeName(v)
                    + (n > 0 ? ", " + n + " tensor" + (n == 1 ? "" : "s") : "") + ")");
        }
    }

    /** The items of a container by key (indices for lists and tuples, attributes for objects), or null. */
    private static Map<Object, Object> entries(Object v) {
        switch (v) {
            case PyDict d -> {
                return d.items();
            }
            case PyObject o -> {
                return Collections.unmodifiableMap(new LinkedHashMap<>(o.attributes()));
            }
            case PyList l -> {
                return indexed(l.items());
            }
            case PyTuple t -> {
                return indexed(t.items());
            }
            default -> {
                return null;
            }
        }
    }

    private static Map<Object, Object> indexed(List<Object> items) {
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            m.put((long) i, items.get(i));
        }
        return m;
    }

    /** Tensors reachable from {@code v}, bounded in depth and visits (cycles count once). */
    static long countTensors(Object v) {
        long n = 0;
        List<Object> todo = new ArrayList<>(List.of(v));
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        int visits = 0;
        while (!todo.isEmpty() && visits++ < 10_000_000) {
            Object o = todo.removeLast();
            if (o instanceof TensorRef) {
                n++;
                continue;
            }
            Map<Object, Object> items = entries(o);
            if (items != null && seen.add(o)) {
                todo.addAll(items.values());
            }
        }
        return n;
    }

    static String keyName(Object k) {
        return k instanceof String s ? s : k instanceof Long l ? Long.toString(l) : PyValues.describe(k);
    }

    private static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }
}
