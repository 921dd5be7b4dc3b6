package dev.rosetta.formats.pytorch.pickle;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Python {@code dict} or {@code collections.OrderedDict}, in insertion order (as Python 3.7+
 * keeps it). Compares by identity.
 *
 * <p>An {@code OrderedDict} may carry instance attributes set by the pickle {@code BUILD} opcode
 * (PyTorch state dicts carry {@code _metadata} that way); a plain {@code dict} refuses
 * {@code BUILD}, as Python does.
 */
public final class PyDict implements Buildable {
    private final Map<Object, Object> items = new LinkedHashMap<>();
    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private final boolean ordered;

    /** @param ordered true for an {@code OrderedDict}, false for a plain {@code dict} */
    public PyDict(boolean ordered) {
        this.ordered = ordered;
    }

    /** True for an {@code OrderedDict}. */
    public boolean isOrdered() {
        return ordered;
    }

    /** The items (unmodifiable view), in insertion order. */
    public Map<Object, Object> items() {
        return Collections.unmodifiableMap(items);
    }

    /** Attributes set by {@code BUILD} (unmodifiable view). */
    public Map<String, Object> attributes() {
        return Collections.unmodifiableMap(attributes);
    }

    public Object get(Object key) {
        return items.get(key);
    }

    public int size() {
        return items.size();
    }

    /** Sets an item; for the unpickler and allow-listed constructors (keys must be hashable). */
    public void put(Object key, Object value) {
        items.put(key, value);
    }

    @Override
    public void build(Object state) {
        if (!ordered) {
            throw new IllegalArgumentException("BUILD on a plain dict (it has no attributes to set)");
        }
        PyValues.setAttributes(attributes, state);
    }

    @Override
    public String toString() {
        return PyValues.describe(this);
    }
}
