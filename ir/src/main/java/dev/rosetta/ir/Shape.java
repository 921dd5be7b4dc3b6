package dev.rosetta.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The shape of a value: a list of {@link Dim}s, each fixed or symbolic. Immutable.
 *
 * <p>{@link #UNKNOWN_RANK} stands for a value whose rank is not known.
 */
public record Shape(List<Dim> dims) {
    /** A shape whose rank is unknown. */
    public static final Shape UNKNOWN_RANK = new Shape(null);

    public Shape {
        dims = dims == null ? null : List.copyOf(dims);
    }

    /** A fully known shape. */
    public static Shape of(long... sizes) {
        List<Dim> d = new ArrayList<>(sizes.length);
        for (long s : sizes) {
            d.add(Dim.of(s));
        }
        return new Shape(d);
    }

    /** True when the rank is known. */
    public boolean hasRank() {
        return dims != null;
    }

    /** The rank; throws when unknown. */
    public int rank() {
        if (dims == null) {
            throw new IllegalStateException("shape has unknown rank");
        }
        return dims.size();
    }

    /** The dimension at {@code axis} (negative counts from the end). */
    public Dim dim(int axis) {
        int r = rank();
        return dims.get(axis < 0 ? axis + r : axis);
    }

    /** True when every dimension is fixed. */
    public boolean isStatic() {
        return dims != null && dims.stream().allMatch(Dim::isFixed);
    }

    /**
     * The sizes as a fresh array.
     *
     * @throws IllegalStateException when any dimension is symbolic or the rank is unknown
     */
    public long[] toArray() {
        if (!isStatic()) {
            throw new IllegalStateException("shape " + this + " is not fully known");
        }
        long[] out = new long[dims.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Dim.Fixed) dims.get(i)).size();
        }
        return out;
    }

    @Override
    public String toString() {
        if (dims == null) {
            return "[?...]";
        }
        return dims.stream().map(Dim::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}
