package dev.rosetta.formats.pytorch.pickle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A Python list. Mutable while unpickling; compares by identity (Python lists are unhashable), so
 * a list that contains itself cannot send {@code equals}/{@code hashCode} into a loop.
 */
public final class PyList {
    private final List<Object> items = new ArrayList<>();

    public PyList() {
    }

    public PyList(List<?> initial) {
        items.addAll(initial);
    }

    /** The elements (unmodifiable view). */
    public List<Object> items() {
        return Collections.unmodifiableList(items);
    }

    public int size() {
        return items.size();
    }

    public Object get(int i) {
        return items.get(i);
    }

    /** Appends; for the unpickler and allow-listed constructors. */
    public void add(Object o) {
        items.add(o);
    }

    /** Appends all; for the unpickler and allow-listed constructors. */
    public void addAll(List<?> more) {
        items.addAll(more);
    }

    @Override
    public String toString() {
        return PyValues.describe(this);
    }
}
