package dev.rosetta.runtime;

import dev.rosetta.error.UsageException;
import dev.rosetta.ir.DType;

/**
 * How close two outputs must be: element {@code a} (converted) passes against {@code e} (source)
 * when {@code |a - e| <= atol + rtol * |e|}. NaN never passes.
 *
 * <p>Profiles by dtype ({@link #forDType(DType)}):
 * <table>
 *   <caption>default tolerances</caption>
 *   <tr><th>dtype</th><th>rtol</th><th>atol</th></tr>
 *   <tr><td>float64</td><td>1e-7</td><td>1e-7</td></tr>
 *   <tr><td>float32</td><td>1e-4</td><td>1e-4</td></tr>
 *   <tr><td>float16</td><td>1e-2</td><td>1e-2</td></tr>
 *   <tr><td>bfloat16</td><td>5e-2</td><td>5e-2</td></tr>
 *   <tr><td>integers, bool</td><td>0</td><td>0 (exact)</td></tr>
 * </table>
 *
 * @param rtol relative tolerance, {@code >= 0}
 * @param atol absolute tolerance, {@code >= 0}
 * @param dtype the dtype whose profile this started from
 * @param overridden true when {@code --rtol} or {@code --atol} replaced a profile value
 */
public record Tolerance(double rtol, double atol, DType dtype, boolean overridden) {
    public Tolerance {
        if (!(rtol >= 0) || !(atol >= 0) || Double.isInfinite(rtol) || Double.isInfinite(atol)) {
            throw new UsageException("tolerances must be finite and >= 0, got rtol=" + rtol + " atol=" + atol);
        }
    }

    /** The default profile for outputs of {@code dtype} (float32 when {@code null}). */
    public static Tolerance forDType(DType dtype) {
        DType d = dtype == null ? DType.FLOAT32 : dtype;
        return switch (d) {
            case FLOAT64 -> new Tolerance(1e-7, 1e-7, d, false);
            case FLOAT32 -> new Tolerance(1e-4, 1e-4, d, false);
            case FLOAT16 -> new Tolerance(1e-2, 1e-2, d, false);
            case BFLOAT16 -> new Tolerance(5e-2, 5e-2, d, false);
            default -> new Tolerance(0, 0, d, false);
        };
    }

    /** This profile with {@code rtol}/{@code atol} replaced where not {@code null}. */
    public Tolerance withOverrides(Double rtolOverride, Double atolOverride) {
        if (rtolOverride == null && atolOverride == null) {
            return this;
        }
        return new Tolerance(rtolOverride == null ? rtol : rtolOverride,
                atolOverride == null ? atol : atolOverride, dtype, true);
    }

    /** Whether {@code actual} passes against {@code expected}. NaN never passes; equal infinities do. */
    public boolean accepts(double actual, double expected) {
        if (Double.isNaN(actual) || Double.isNaN(expected)) {
            return false;
        }
        if (actual == expected) {
            return true;
        }
        if (Double.isInfinite(actual) || Double.isInfinite(expected)) {
            return false;
        }
        return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
    }

    @Override
    public String toString() {
        return (dtype == null ? "" : dtype.shortName() + " ") + "rtol=" + rtol + " atol=" + atol
                + (overridden ? " (overridden)" : "");
    }
}
