package dev.rosetta.layout.kernel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A transpose reduced to its essential form: size-1 axes dropped and input axes that stay
 * adjacent (in order) in the output merged into one. OIHW→HWIO, for example, becomes the rank-3
 * problem (O, I, H·W) → (H·W, I, O). Package-private: the shape of the loops {@link Transpose}
 * runs.
 *
 * @param shape the reduced input shape
 * @param perm the reduced permutation (output axis i is input axis perm[i])
 * @param elements total element count (0 for an empty tensor)
 */
record TransposePlan(long[] shape, int[] perm, long elements) {

    static TransposePlan of(long[] shape, Permutation permutation) {
        int[] p = permutation.axes();
        if (shape.length != p.length) {
            throw new IllegalArgumentException("permutation " + permutation + " does not fit shape "
                    + Arrays.toString(shape));
        }
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        if (n == 0) {
            return new TransposePlan(new long[0], new int[0], 0);
        }
        // Drop size-1 axes: renumber the rest.
        int[] newIndex = new int[shape.length];
        List<Long> kept = new ArrayList<>();
        for (int i = 0; i < shape.length; i++) {
            newIndex[i] = shape[i] == 1 ? -1 : kept.size();
            if (shape[i] != 1) {
                kept.add(shape[i]);
            }
        }
        List<Integer> keptPerm = new ArrayList<>();
        for (int a : p) {
            if (newIndex[a] >= 0) {
                keptPerm.add(newIndex[a]);
            }
        }
        // Merge runs: consecutive output axes that are consecutive input axes.
        List<List<Integer>> groups = new ArrayList<>();
        for (int a : keptPerm) {
            List<Integer> last = groups.isEmpty() ? null : groups.get(groups.size() - 1);
            if (last != null && last.get(last.size() - 1) + 1 == a) {
                last.add(a);
            } else {
                List<Integer> g = new ArrayList<>();
                g.add(a);
                groups.add(g);
            }
        }
        // Groups in input order give the reduced input shape.
        List<List<Integer>> byInput = new ArrayList<>(groups);
        byInput.sort((x, y) -> Integer.compare(x.get(0), y.get(0)));
        long[] rShape = new long[byInput.size()];
        for (int i = 0; i < rShape.length; i++) {
            long s = 1;
            for (int a : byInput.get(i)) {
                s *= kept.get(a);
            }
            rShape[i] = s;
        }
        int[] rPerm = new int[groups.size()];
        for (int i = 0; i < rPerm.length; i++) {
            rPerm[i] = byInput.indexOf(groups.get(i));
        }
        return new TransposePlan(rShape, rPerm, n);
    }

    int rank() {
        return shape.length;
    }

    /** True when the bytes need no reordering at all. */
    boolean isCopy() {
        for (int i = 0; i < perm.length; i++) {
            if (perm[i] != i) {
                return false;
            }
        }
        return true;
    }

    /** Row-major element strides of the reduced input shape. */
    long[] inputStrides() {
        long[] s = new long[shape.length];
        long acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** For each input axis, its element stride in the output. */
    long[] outputStridesByInputAxis() {
        long[] s = new long[shape.length];
        long acc = 1;
        for (int i = perm.length - 1; i >= 0; i--) {
            s[perm[i]] = acc;
            acc *= shape[perm[i]];
        }
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransposePlan t && Arrays.equals(shape, t.shape) && Arrays.equals(perm, t.perm);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(perm);
    }

    @Override
    public String toString() {
        return "TransposePlan(" + Arrays.toString(shape) + " by " + Arrays.toString(perm) + ")";
    }
}
