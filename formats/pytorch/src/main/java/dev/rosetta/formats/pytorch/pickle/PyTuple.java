package dev.rosetta.formats.pytorch.pickle;

import java.util.List;

/**
 * A Python tuple: immutable, compares by content (so it can be a dict key).
 *
 * <p>Its nesting depth (tuples inside tuples) is computed when it is built, and the unpickler
 * refuses tuples nested beyond its limit, so {@link #equals} and {@link #hashCode}, which recurse
 * into nested tuples only, cannot overflow the stack. Lists, dicts and sets inside a tuple compare
 * by identity and are not descended into.
 */
public final class PyTuple {
    /** The empty tuple. */
    public static final PyTuple EMPTY = new PyTuple(List.of());

    private final List<Object> items;
    private final int depth;

    /** @param items the elements; none may be Java {@code null} (use {@link PyNone#NONE}) */
    public PyTuple(List<?> items) {
        this.items = List.copyOf(items);
        int d = 0;
        for (Object o : this.items) {
            if (o instanceof PyTuple t && t.depth > d) {
                d = t.depth;
            }
        }
        this.depth = d + 1;
    }

    public static PyTuple of(Object... items) {
        return new PyTuple(List.of(items));
    }

    /** The elements (unmodifiable). */
    public List<Object> items() {
        return items;
    }

    public int size() {
        return items.size();
    }

    public Object get(int i) {
        return items.get(i);
    }

    /** How deeply tuples nest inside this one (1 for a tuple of no tuples). */
    public int depth() {
        return depth;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PyTuple t && items.equals(t.items);
    }

    @Override
    public int hashCode() {
        return items.hashCode();
    }

    @Override
    public String toString() {
        return PyValues.describe(this);
    }
}
