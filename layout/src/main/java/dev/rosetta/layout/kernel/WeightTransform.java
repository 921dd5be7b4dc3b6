package dev.rosetta.layout.kernel;

import dev.rosetta.ir.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A static rearrangement of a weight's elements: from {@code sourceShape}, a sequence of
 * view-and-transpose {@link TransformStep steps}, then a final view as {@code targetShape}. Covers
 * plain transposes (OIHW→HWIO), transposes that split an axis (depthwise OIHW→HWCM splits O into
 * C·M) and the flatten-row permutation (a transpose inside a matrix). Invertible exactly and
 * composable; immutable.
 *
 * @param label a short human name, e.g. {@code "OIHW->HWIO"}
 * @param sourceShape the shape the transform applies to
 * @param steps the view-and-transpose steps, in order (empty for a pure reshape or identity)
 * @param targetShape the shape of the result
 */
public record WeightTransform(String label, long[] sourceShape, List<TransformStep> steps, long[] targetShape) {

    public WeightTransform {
        sourceShape = sourceShape.clone();
        targetShape = targetShape.clone();
        steps = List.copyOf(steps);
        long n = Tensor.elementCount(sourceShape);
        if (Tensor.elementCount(targetShape) != n) {
            throw new IllegalArgumentException("transform '" + label + "' maps " + Arrays.toString(sourceShape)
                    + " to " + Arrays.toString(targetShape) + ", which holds a different number of elements");
        }
        for (TransformStep s : steps) {
            if (Tensor.elementCount(s.view()) != n) {
                throw new IllegalArgumentException("transform '" + label + "': view " + Arrays.toString(s.view())
                        + " does not hold " + n + " elements");
            }
        }
    }

    /** No change at all: the tensor keeps its shape and bytes. */
    public static WeightTransform identity(long[] shape) {
        return new WeightTransform("identity", shape, List.of(), shape);
    }

    /** A plain transpose of {@code shape} by {@code perm}. */
    public static WeightTransform transpose(String label, long[] shape, Permutation perm) {
        return new WeightTransform(label, shape, List.of(new TransformStep(shape, perm)), perm.apply(shape));
    }

    @Override
    public long[] sourceShape() {
        return sourceShape.clone();
    }

    @Override
    public long[] targetShape() {
        return targetShape.clone();
    }

    /** True when no element moves (no steps, or steps that are identity permutations). */
    public boolean movesNothing() {
        for (TransformStep s : steps) {
            if (!TransposePlan.of(s.view(), s.perm()).isCopy()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The single permutation of the source axes this transform amounts to, when it is one plain
     * transpose of the source shape; otherwise {@code null}.
     */
    public Permutation asPermutation() {
        if (steps.isEmpty()) {
            return Arrays.equals(sourceShape, targetShape) ? Permutation.identity(sourceShape.length) : null;
        }
        if (steps.size() == 1 && Arrays.equals(steps.get(0).view(), sourceShape)
                && Arrays.equals(steps.get(0).resultShape(), targetShape)) {
            return steps.get(0).perm();
        }
        return null;
    }

    /**
     * Applies the transform, producing a new tensor (the input is untouched).
     *
     * @throws IllegalArgumentException when the tensor's shape is not {@link #sourceShape()}
     */
    public Tensor apply(Tensor t) {
        if (!Arrays.equals(t.shape(), sourceShape)) {
            throw new IllegalArgumentException("transform '" + label + "' applies to " + Arrays.toString(sourceShape)
                    + ", not to " + Arrays.toString(t.shape()));
        }
        Tensor cur = t;
        for (TransformStep s : fusedSteps()) {
            cur = s.apply(cur);
        }
        return cur.reshape(targetShape);
    }

    /**
     * The same transform with neighbouring steps fused where one transpose does both
     * ({@link StepFusion}): what a kernel should run to move the bytes as few times as possible.
     */
    public List<TransformStep> fusedSteps() {
        return StepFusion.fuse(steps);
    }

    /** The transform that undoes this one, from {@link #targetShape()} back to {@link #sourceShape()}. */
    public WeightTransform inverse() {
        List<TransformStep> inv = new ArrayList<>(steps.size());
        for (int i = steps.size() - 1; i >= 0; i--) {
            inv.add(steps.get(i).inverse());
        }
        return new WeightTransform(inverseLabel(label), targetShape, inv, sourceShape);
    }

    /** This transform followed by {@code next}, whose source shape must be this target shape. */
    public WeightTransform then(WeightTransform next) {
        if (!Arrays.equals(targetShape, next.sourceShape)) {
            throw new IllegalArgumentException("cannot follow '" + label + "' (to " + Arrays.toString(targetShape)
                    + ") with '" + next.label + "' (from " + Arrays.toString(next.sourceShape) + ")");
        }
        List<TransformStep> all = new ArrayList<>(steps);
        all.addAll(next.steps);
        String l = steps.isEmpty() ? next.label : next.steps.isEmpty() ? label : label + ", " + next.label;
        return new WeightTransform(l, sourceShape, all, next.targetShape);
    }

    private static String inverseLabel(String label) {
        int arrow = label.indexOf("->");
        if (arrow > 0 && label.indexOf("->", arrow + 2) < 0 && !label.contains(",")) {
            String head = label.substring(0, arrow);
            String tail = label.substring(arrow + 2);
            int sp = head.lastIndexOf(' ');
            String prefix = sp < 0 ? "" : head.substring(0, sp + 1);
            String from = sp < 0 ? head : head.substring(sp + 1);
            int tsp = tail.indexOf(' ');
            String to = tsp < 0 ? tail : tail.substring(0, tsp);
            String suffix = tsp < 0 ? "" : tail.substring(tsp);
            return prefix + to + "->" + from + suffix;
        }
        return "inverse of " + label;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeightTransform w && label.equals(w.label) && Arrays.equals(sourceShape, w.sourceShape)
                && steps.equals(w.steps) && Arrays.equals(targetShape, w.targetShape);
    }

    @Override
    public int hashCode() {
        return (31 * label.hashCode() + Arrays.hashCode(sourceShape)) * 31 + steps.hashCode();
    }

    @Override
    public String toString() {
        return label + " " + Arrays.toString(sourceShape) + " -> " + Arrays.toString(targetShape);
    }
}
