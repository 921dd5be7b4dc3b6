package dev.rosetta.formats.onnx;

import java.util.HashSet;
import java.util.Set;

/** The value names taken in a graph, handing out fresh ones ({@code base}, {@code base_1}, ...). */
final class UniqueNames {
    private final Set<String> taken = new HashSet<>();

    /** Marks {@code name} taken; false when it already was. */
    boolean add(String name) {
        return taken.add(name);
    }

    boolean contains(String name) {
        return taken.contains(name);
    }

    /** {@code base} or the first of {@code base_1}, {@code base_2}, ... not yet taken, now taken. */
    String fresh(String base) {
        String candidate = base;
        for (int i = 1; !taken.add(candidate); i++) {
            candidate = base + "_" + i;
        }
        return candidate;
    }
}
