package dev.rosetta.runtime.tensorflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.rosetta.ir.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Where the golden models and the corpus are, and the comparison the tests share. */
final class Files2 {
    private Files2() {
    }

    static Path golden(String... parts) {
        Path p = Path.of(System.getProperty("rosetta.golden", "golden-models"), parts);
        Assumptions.assumeTrue(Files.exists(p), "golden model " + p + " is absent");
        return p;
    }

    static Path corpus(String... parts) {
        Path p = Path.of(System.getProperty("rosetta.corpus", "../shared/corpus"), parts);
        Assumptions.assumeTrue(Files.exists(p), "corpus folder " + p + " is absent");
        return p;
    }

    /**
     * The largest amount by which an element exceeds {@code atol + rtol * |expected|} (0 when all
     * are within), after checking the shapes agree.
     */
    static double excess(Tensor expected, Tensor actual, double rtol, double atol, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double worst = 0;
        for (long i = 0; i < expected.elementCount(); i++) {
            double e = expected.getDouble(i);
            double a = actual.getDouble(i);
            if (Double.isNaN(e) && Double.isNaN(a)) {
                continue;
            }
            double d = Math.abs(a - e) - (atol + rtol * Math.abs(e));
            if (Double.isNaN(d)) {
                return Double.POSITIVE_INFINITY;
            }
            worst = Math.max(worst, d);
        }
        return worst;
    }

    static double maxAbs(Tensor expected, Tensor actual) {
        double worst = 0;
        for (long i = 0; i < expected.elementCount(); i++) {
            worst = Math.max(worst, Math.abs(expected.getDouble(i) - actual.getDouble(i)));
        }
        return worst;
    }

    /** Fails unless every element is within tolerance. */
    static void assertClose(Tensor expected, Tensor actual, double rtol, double atol, String what) {
        double e = excess(expected, actual, rtol, atol, what);
        if (e > 0) {
            throw new AssertionError(what + ": differs by up to " + maxAbs(expected, actual) + " (rtol " + rtol
                    + ", atol " + atol + ")");
        }
    }
}
