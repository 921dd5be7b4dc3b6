package dev.rosetta.layout.kernel;

import java.util.Arrays;

/**
 * A permutation of tensor axes in NumPy/ONNX {@code Transpose} convention: output axis {@code i}
 * is input axis {@code axes[i]}. Immutable; the array is copied in and out.
 */
public record Permutation(int[] axes) {

    /**
     * @throws IllegalArgumentException unless {@code axes} holds each of {@code 0..n-1} once
     */
    public Permutation {
        axes = axes.clone();
        boolean[] seen = new boolean[axes.length];
        for (int a : axes) {
            if (a < 0 || a >= axes.length || seen[a]) {
                throw new IllegalArgumentException("not a permutation of 0.." + (axes.length - 1) + ": "
                        + Arrays.toString(axes));
            }
            seen[a] = true;
        }
    }

    public static Permutation of(int... axes) {
        return new Permutation(axes);
    }

    /** From ONNX's {@code perm} attribute (longs). */
    public static Permutation ofLongs(long... axes) {
        int[] a = new int[axes.length];
        for (int i = 0; i < a.length; i++) {
            if (axes[i] < 0 || axes[i] >= axes.length) {
                throw new IllegalArgumentException("not a permutation: " + Arrays.toString(axes));
            }
            a[i] = (int) axes[i];
        }
        return new Permutation(a);
    }

    public static Permutation identity(int rank) {
        int[] a = new int[rank];
        for (int i = 0; i < rank; i++) {
            a[i] = i;
        }
        return new Permutation(a);
    }

    @Override
    public int[] axes() {
        return axes.clone();
    }

    /** As ONNX's {@code perm} attribute. */
    public long[] toLongs() {
        long[] out = new long[axes.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = axes[i];
        }
        return out;
    }

    public int rank() {
        return axes.length;
    }

    /** The input axis that becomes output axis {@code i}. */
    public int get(int i) {
        return axes[i];
    }

    /** Where input axis {@code a} ends up in the output. */
    public int positionOf(int a) {
        for (int i = 0; i < axes.length; i++) {
            if (axes[i] == a) {
                return i;
            }
        }
        throw new IllegalArgumentException("axis " + a + " outside rank " + axes.length);
    }

    public boolean isIdentity() {
        for (int i = 0; i < axes.length; i++) {
            if (axes[i] != i) {
                return false;
            }
        }
        return true;
    }

    /** The permutation that undoes this one. */
    public Permutation inverse() {
        int[] inv = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            inv[axes[i]] = i;
        }
        return new Permutation(inv);
    }

    /**
     * This permutation followed by {@code next}: transposing by the result equals transposing by
     * this, then by {@code next}.
     */
    public Permutation then(Permutation next) {
        if (next.rank() != rank()) {
            throw new IllegalArgumentException("cannot compose permutations of rank " + rank() + " and " + next.rank());
        }
        int[] out = new int[axes.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = axes[next.axes[i]];
        }
        return new Permutation(out);
    }

    /** The shape a tensor of {@code shape} has after this permutation. */
    public long[] apply(long[] shape) {
        if (shape.length != axes.length) {
            throw new IllegalArgumentException("permutation of rank " + axes.length + " applied to shape "
                    + Arrays.toString(shape));
        }
        long[] out = new long[shape.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = shape[axes[i]];
        }
        return out;
    }

    /** Permutes any list-like of axis-indexed items; {@code out[i] = in[axes[i]]}. */
    public <T> java.util.List<T> apply(java.util.List<T> items) {
        if (items.size() != axes.length) {
            throw new IllegalArgumentException("permutation of rank " + axes.length + " applied to " + items.size() + " items");
        }
        java.util.List<T> out = new java.util.ArrayList<>(items.size());
        for (int a : axes) {
            out.add(items.get(a));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Permutation p && Arrays.equals(axes, p.axes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(axes);
    }

    @Override
    public String toString() {
        return Arrays.toString(axes);
    }
}
