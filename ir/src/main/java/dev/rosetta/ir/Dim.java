package dev.rosetta.ir;

/**
 * One dimension of a {@link Shape}: a fixed size or a named symbol (a dynamic batch, say).
 */
public sealed interface Dim permits Dim.Fixed, Dim.Symbolic {

    /** A dimension of known size. */
    record Fixed(long size) implements Dim {
        public Fixed {
            if (size < 0) {
                throw new IllegalArgumentException("dimension size must be >= 0, got " + size);
            }
        }

        @Override
        public String toString() {
            return Long.toString(size);
        }
    }

    /** A dimension known only by name, e.g. {@code "batch"}; an empty name means anonymous. */
    record Symbolic(String name) implements Dim {
        public Symbolic {
            java.util.Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            return name.isEmpty() ? "?" : name;
        }
    }

    static Dim of(long size) {
        return new Fixed(size);
    }

    static Dim symbol(String name) {
        return new Symbolic(name);
    }

    /** True if the size is known. */
    default boolean isFixed() {
        return this instanceof Fixed;
    }
}
