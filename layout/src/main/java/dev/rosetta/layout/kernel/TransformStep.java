package dev.rosetta.layout.kernel;

import dev.rosetta.ir.Tensor;
import java.util.Arrays;

/**
 * One step of a {@link WeightTransform}: view the tensor as {@code view} (a row-major reshape,
 * free) and transpose it by {@code perm}. Immutable.
 *
 * @param view the shape the tensor is viewed as; same element count as the tensor
 * @param perm the transpose applied to that view
 */
public record TransformStep(long[] view, Permutation perm) {
    public TransformStep {
        view = view.clone();
        if (view.length != perm.rank()) {
            throw new IllegalArgumentException("view " + Arrays.toString(view) + " and permutation " + perm
                    + " differ in rank");
        }
    }

    @Override
    public long[] view() {
        return view.clone();
    }

    /** The shape after the step. */
    public long[] resultShape() {
        return perm.apply(view);
    }

    /** Applies the step; the result has shape {@link #resultShape()}. */
    public Tensor apply(Tensor t) {
        return Transpose.permute(t.reshape(view), perm);
    }

    /** The step that undoes this one (on a tensor of {@link #resultShape()}). */
    public TransformStep inverse() {
        return new TransformStep(resultShape(), perm.inverse());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransformStep s && Arrays.equals(view, s.view) && perm.equals(s.perm);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(view) + perm.hashCode();
    }

    @Override
    public String toString() {
        return "view " + Arrays.toString(view) + " perm " + perm;
    }
}
