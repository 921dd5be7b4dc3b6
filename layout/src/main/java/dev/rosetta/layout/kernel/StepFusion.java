package dev.rosetta.layout.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Fuses consecutive {@link TransformStep}s into one where a single transpose does both, so a
 * several-step weight transform (the flatten-row permutation followed by a dense transpose, say)
 * moves the bytes once and needs no intermediate buffer.
 *
 * <p>Two steps fuse when the first's result shape and the second's view have a common refinement:
 * their cumulative products, taken from the left, divide one another in order. Each axis of both
 * is then a run of refined axes; the first step becomes a transpose of its view split into those
 * refined axes, and the second a regrouping of them, so the composition is one transpose of the
 * refined source shape. {@code [O, C·H·W] → (C, H, W) → [H·W·C, O]} is such a pair; a reshape that
 * cuts across axes ({@code [6, 4]} viewed as {@code [4, 6]}) is not, and stays two steps.
 */
final class StepFusion {
    private StepFusion() {
    }

    /** {@code steps} with every fusable neighbour pair fused, in order. */
    static List<TransformStep> fuse(List<TransformStep> steps) {
        List<TransformStep> out = new ArrayList<>();
        for (TransformStep s : steps) {
            TransformStep fused = out.isEmpty() ? null : fuse(out.get(out.size() - 1), s);
            if (fused != null) {
                out.set(out.size() - 1, fused);
            } else {
                out.add(s);
            }
        }
        return out;
    }

    /** One step doing {@code first} then {@code second}, or {@code null} when none exists. */
    static TransformStep fuse(TransformStep first, TransformStep second) {
        long[] view1 = first.view();
        int[] p1 = first.perm().axes();
        long[] result1 = first.resultShape();
        long[] view2 = second.view();
        int[] p2 = second.perm().axes();
        long[] refined = commonRefinement(result1, view2);
        if (refined == null || refined.length == 0) {
            return null;
        }
        int[][] groups1 = groups(result1, refined);
        int[][] groups2 = groups(view2, refined);
        // The first step's source, split: source axis a is result axis i with p1[i] == a.
        int[] resultAxisOfSource = new int[p1.length];
        for (int i = 0; i < p1.length; i++) {
            resultAxisOfSource[p1[i]] = i;
        }
        List<Long> source = new ArrayList<>();
        int[] positionInSource = new int[refined.length];
        for (int a = 0; a < view1.length; a++) {
            for (int k : groups1[resultAxisOfSource[a]]) {
                positionInSource[k] = source.size();
                source.add(refined[k]);
            }
        }
        List<Integer> perm = new ArrayList<>();
        for (int m : p2) {
            for (int k : groups2[m]) {
                perm.add(positionInSource[k]);
            }
        }
        return new TransformStep(source.stream().mapToLong(Long::longValue).toArray(),
                Permutation.of(perm.stream().mapToInt(Integer::intValue).toArray()));
    }

    /**
     * The shape both {@code a} and {@code b} split into, as consecutive runs of its axes; null when
     * a boundary of one falls inside an axis of the other without dividing it.
     */
    private static long[] commonRefinement(long[] a, long[] b) {
        TreeSet<Long> cuts = new TreeSet<>();
        long total = cumulative(a, cuts);
        if (total == 0 || cumulative(b, cuts) != total) {
            return null;
        }
        List<Long> sizes = new ArrayList<>();
        long previous = 1;
        for (long cut : cuts) {
            if (cut % previous != 0) {
                return null;
            }
            if (cut != previous) {
                sizes.add(cut / previous);
            }
            previous = cut;
        }
        return sizes.stream().mapToLong(Long::longValue).toArray();
    }

    private static long cumulative(long[] shape, TreeSet<Long> cuts) {
        long p = 1;
        for (long d : shape) {
            p = Math.multiplyExact(p, d);
            cuts.add(p);
        }
        return p;
    }

    /** For each axis of {@code shape}, the refined axes it is made of (size-1 axes get none). */
    private static int[][] groups(long[] shape, long[] refined) {
        int[][] out = new int[shape.length][];
        int k = 0;
        for (int i = 0; i < shape.length; i++) {
            List<Integer> g = new ArrayList<>();
            long p = 1;
            while (p < shape[i]) {
                p *= refined[k];
                g.add(k++);
            }
            out[i] = g.stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }
}
