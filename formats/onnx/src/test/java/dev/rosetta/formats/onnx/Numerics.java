package dev.rosetta.formats.onnx;

import dev.rosetta.ir.DType;
import dev.rosetta.ir.Tensor;
import java.util.Arrays;

/** Compares tensors: dtype and shape first, then |a - e| <= atol + rtol * |e| per element. Tests only. */
final class Numerics {
    private Numerics() {
    }

    /** The tolerance used for a dtype: 1e-4 for float32/64, 1e-2 for 16-bit floats, exact otherwise. */
    static double tolerance(DType d) {
        return switch (d) {
            case FLOAT32, FLOAT64 -> 1e-4;
            case FLOAT16, BFLOAT16 -> 1e-2;
            default -> 0;
        };
    }

    /**
     * Null when {@code actual} matches {@code expected}; otherwise what differs. A NaN matches only
     * a NaN; an actual NaN where a number is expected never passes.
     */
    static String mismatch(Tensor actual, Tensor expected) {
        if (actual.dtype() != expected.dtype()) {
            return "dtype " + actual.dtype().shortName() + ", expected " + expected.dtype().shortName();
        }
        if (!Arrays.equals(actual.shape(), expected.shape())) {
            return "shape " + Arrays.toString(actual.shape()) + ", expected " + Arrays.toString(expected.shape());
        }
        double tol = tolerance(expected.dtype());
        long n = expected.elementCount();
        double worst = 0;
        long worstAt = -1;
        for (long i = 0; i < n; i++) {
            double a = actual.getDouble(i);
            double e = expected.getDouble(i);
            if (Double.isNaN(e) && Double.isNaN(a)) {
                continue;
            }
            boolean ok;
            if (expected.dtype().isFloatingPoint()) {
                ok = !Double.isNaN(a) && !Double.isNaN(e)
                        && (a == e || Math.abs(a - e) <= tol + tol * Math.abs(e));
            } else {
                ok = actual.getLong(i) == expected.getLong(i);
            }
            if (!ok) {
                double d = Double.isNaN(a - e) ? Double.POSITIVE_INFINITY : Math.abs(a - e);
                if (worstAt < 0 || d > worst) {
                    worst = d;
                    worstAt = i;
                }
            }
        }
        if (worstAt < 0) {
            return null;
        }
        return "element " + worstAt + " is " + actual.getDouble(worstAt) + ", expected " + expected.getDouble(worstAt)
                + " (tolerance " + tol + ")";
    }
}
