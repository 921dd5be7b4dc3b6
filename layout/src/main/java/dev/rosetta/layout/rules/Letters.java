package dev.rosetta.layout.rules;

import dev.rosetta.ir.Layout;
import java.util.Arrays;

/**
 * Axis letters of activation layouts ({@code "NCHW"}), for ops that drop or insert axes: the
 * layout of the result is found by its letters, never by comparing sizes.
 */
final class Letters {
    private static final Layout[] ACTIVATIONS = {Layout.NC, Layout.NCW, Layout.NWC, Layout.NCHW, Layout.NHWC,
        Layout.NCDHW, Layout.NDHWC};

    private Letters() {
    }

    /** The activation layout spelled {@code letters}, or {@code null}. */
    static Layout layoutOf(String letters) {
        for (Layout l : ACTIVATIONS) {
            if (l.axes().equals(letters)) {
                return l;
            }
        }
        return null;
    }

    /** {@code letters} without the axes in {@code axes} (normalized, any order). */
    static String without(String letters, long[] axes) {
        boolean[] drop = new boolean[letters.length()];
        for (long a : axes) {
            drop[(int) (a < 0 ? a + letters.length() : a)] = true;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < letters.length(); i++) {
            if (!drop[i]) {
                sb.append(letters.charAt(i));
            }
        }
        return sb.toString();
    }

    /** Normalizes axes against a rank (negative counts from the end), checking range. */
    static long[] normalize(long[] axes, int rank) {
        long[] out = new long[axes.length];
        for (int i = 0; i < axes.length; i++) {
            long a = axes[i] < 0 ? axes[i] + rank : axes[i];
            if (a < 0 || a >= rank) {
                throw new IllegalArgumentException("axis " + axes[i] + " outside rank " + rank + " in "
                        + Arrays.toString(axes));
            }
            out[i] = a;
        }
        return out;
    }
}
