package dev.rosetta.runtime;

/**
 * How far one tensor is from another, element by element, and whether it passed.
 *
 * <p>{@code maxAbs}, {@code maxRel}, {@code meanAbs}, {@code rmse} and {@code cosine} are computed
 * over the element pairs where both values are finite; {@code nonFinite} counts the others.
 * {@code maxRel} is {@code max |a-e|/|e|} over pairs with {@code e != 0}. {@code cosine} is 1 when
 * both tensors are all zeros and 0 when only one is. {@code top1}/{@code top5} are the fractions
 * of rows that agree, for classifier-shaped outputs (rank 2, at least two classes), else
 * {@code null}.
 *
 * @param elements number of element pairs compared
 * @param mismatches number of pairs that failed the tolerance (NaN pairs included)
 * @param nonFinite number of pairs where either value is NaN or infinite
 * @param firstMismatch flat index of the first failing pair, or -1
 * @param worst flat index of the pair with the largest {@code |a-e|}, or -1
 * @param passed true when shapes and dtypes agree and no pair failed
 * @param reason why it did not pass ("shape [1, 10] vs [1, 11]", "3 of 10 elements outside
 *     tolerance"), or {@code null}
 */
public record Metrics(long elements, double maxAbs, double maxRel, double meanAbs, double rmse,
                      double cosine, Double top1, Double top5, long mismatches, long nonFinite,
                      long firstMismatch, long worst, boolean passed, String reason) {

    /** Metrics for a pair that could not be compared element by element. */
    public static Metrics incomparable(String reason) {
        return new Metrics(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null, null,
                0, 0, -1, -1, false, reason);
    }
}
