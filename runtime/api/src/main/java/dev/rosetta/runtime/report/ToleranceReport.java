package dev.rosetta.runtime.report;

/**
 * The pass rule {@code |a - e| <= atol + rtol * |e|}.
 *
 * @param rtol relative tolerance
 * @param atol absolute tolerance
 * @param dtype the dtype whose profile it came from
 * @param overridden true when {@code --rtol}/{@code --atol} replaced profile values
 */
public record ToleranceReport(double rtol, double atol, String dtype, boolean overridden) {
}
