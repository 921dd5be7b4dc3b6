package dev.rosetta.runtime;

import dev.rosetta.ir.Tensor;
import java.util.Arrays;

/**
 * Compares a converted model's tensor with the source's, element by element, never sorting.
 *
 * <p>Shapes and dtypes are checked first: a difference there fails without element metrics.
 * Then every pair is judged by {@link Tolerance#accepts(double, double)} (so NaN never passes) and
 * the {@link Metrics} are accumulated in double precision. Classifier-shaped outputs (rank 2,
 * {@code [N, classes >= 2]}, floating point) also get top-1 and top-5 agreement: the fraction of
 * rows whose arg-max (ties to the lower index) agree, and whose top-{@code min(5, classes)}
 * index sets are equal.
 */
public final class Comparator {
    private Comparator() {
    }

    /**
     * @param actual the converted model's tensor
     * @param expected the source model's tensor (the reference)
     * @param tolerance the pass rule
     */
    public static Metrics compare(Tensor actual, Tensor expected, Tolerance tolerance) {
        if (!Arrays.equals(actual.shape(), expected.shape())) {
            return Metrics.incomparable("shape " + Arrays.toString(actual.shape()) + " (converted) vs "
                    + Arrays.toString(expected.shape()) + " (source)");
        }
        if (actual.dtype() != expected.dtype()) {
            return Metrics.incomparable("dtype " + actual.dtype().shortName() + " (converted) vs "
                    + expected.dtype().shortName() + " (source)");
        }
        long n = expected.elementCount();
        double maxAbs = 0;
        double maxRel = 0;
        double sumAbs = 0;
        double sumSq = 0;
        double dot = 0;
        double aa = 0;
        double ee = 0;
        long finite = 0;
        long mismatches = 0;
        long nonFinite = 0;
        long first = -1;
        long worst = -1;
        for (long i = 0; i < n; i++) {
            double a = actual.getDouble(i);
            double e = expected.getDouble(i);
            if (!tolerance.accepts(a, e)) {
                mismatches++;
                if (first < 0) {
                    first = i;
                }
            }
            if (!Double.isFinite(a) || !Double.isFinite(e)) {
                nonFinite++;
                continue;
            }
            double d = Math.abs(a - e);
            finite++;
            if (worst < 0 || d > maxAbs) {
                maxAbs = d;
                worst = i;
            }
            if (e != 0) {
                maxRel = Math.max(maxRel, d / Math.abs(e));
            }
            sumAbs += d;
            sumSq += d * d;
            dot += a * e;
            aa += a * a;
            ee += e * e;
        }
        double cosine;
        if (aa == 0 && ee == 0) {
            cosine = 1;
        } else if (aa == 0 || ee == 0) {
            cosine = 0;
        } else {
            cosine = dot / (Math.sqrt(aa) * Math.sqrt(ee));
        }
        double meanAbs = finite == 0 ? 0 : sumAbs / finite;
        double rmse = finite == 0 ? 0 : Math.sqrt(sumSq / finite);
        Double top1 = null;
        Double top5 = null;
        long[] shape = expected.shape();
        if (shape.length == 2 && shape[1] >= 2 && shape[0] > 0 && expected.dtype().isFloatingPoint()) {
            double[] agree = topKAgreement(actual, expected, (int) shape[0], (int) shape[1]);
            top1 = agree[0];
            top5 = agree[1];
        }
        boolean passed = mismatches == 0;
        String reason = passed ? null : mismatches + " of " + n + " elements outside tolerance"
                + (nonFinite > 0 ? " (" + nonFinite + " NaN or infinite)" : "");
        return new Metrics(n, maxAbs, maxRel, meanAbs, rmse, cosine, top1, top5, mismatches, nonFinite,
                first, worst, passed, reason);
    }

    /** {top-1 agreement, top-k agreement} over rows; NaN ranks below every number. */
    private static double[] topKAgreement(Tensor actual, Tensor expected, int rows, int classes) {
        int k = Math.min(5, classes);
        int same1 = 0;
        int sameK = 0;
        double[] a = new double[classes];
        double[] e = new double[classes];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < classes; c++) {
                a[c] = actual.getDouble((long) r * classes + c);
                e[c] = expected.getDouble((long) r * classes + c);
            }
            int[] ta = topK(a, k);
            int[] te = topK(e, k);
            if (ta[0] == te[0]) {
                same1++;
            }
            int[] sa = ta.clone();
            int[] se = te.clone();
            Arrays.sort(sa);
            Arrays.sort(se);
            if (Arrays.equals(sa, se)) {
                sameK++;
            }
        }
        return new double[] {(double) same1 / rows, (double) sameK / rows};
    }

    /** Indices of the k largest values, largest first; ties go to the lower index. */
    static int[] topK(double[] v, int k) {
        int[] idx = new int[k];
        boolean[] taken = new boolean[v.length];
        for (int j = 0; j < k; j++) {
            int best = -1;
            for (int i = 0; i < v.length; i++) {
                if (taken[i]) {
                    continue;
                }
                if (best < 0 || greater(v[i], v[best])) {
                    best = i;
                }
            }
            taken[best] = true;
            idx[j] = best;
        }
        return idx;
    }

    private static boolean greater(double x, double y) {
        if (Double.isNaN(x)) {
            return false;
        }
        return Double.isNaN(y) || x > y;
    }
}
