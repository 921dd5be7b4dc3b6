package dev.rosetta.formats.pytorch.pickle;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** A Python {@code set} or {@code frozenset}, in insertion order. Compares by identity. */
public final class PySet {
    private final Set<Object> items = new LinkedHashSet<>();
    private final boolean frozen;

    public PySet(boolean frozen) {
        this.frozen = frozen;
    }

    public boolean isFrozen() {
        return frozen;
    }

    public Set<Object> items() {
        return Collections.unmodifiableSet(items);
    }

    /** Adds a member; for the unpickler and allow-listed constructors (members must be hashable). */
    public void add(Object o) {
        items.add(o);
    }

    @Override
    public String toString() {
        return PyValues.describe(this);
    }
}
