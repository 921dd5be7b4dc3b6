package dev.rosetta.formats.tensorflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rosetta.ir.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** Where the golden models and the corpus are, and the comparisons the tests share. */
public final class TestFiles {
    private TestFiles() {
    }

    public static Path golden(String... parts) {
        Path p = Path.of(System.getProperty("rosetta.golden", "golden-models"), parts);
        Assumptions.assumeTrue(Files.exists(p), "golden model " + p + " is absent");
        return p;
    }

    public static Path corpus(String... parts) {
        Path p = Path.of(System.getProperty("rosetta.corpus", "../shared/corpus"), parts);
        Assumptions.assumeTrue(Files.exists(p), "corpus folder " + p + " is absent");
        return p;
    }

    /** Copies a directory tree (for tests that damage a copy). */
    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.naturalOrder())::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    /** Shape and dtype equal, then every element within {@code atol + rtol * |expected|}. */
    public static void assertAllClose(Tensor expected, Tensor actual, double rtol, double atol, String what) {
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double worst = 0;
        long at = -1;
        for (long i = 0; i < expected.elementCount(); i++) {
            double e = expected.getDouble(i);
            double a = actual.getDouble(i);
            double excess = Math.abs(a - e) - (atol + rtol * Math.abs(e));
            if (excess > worst || Double.isNaN(a) != Double.isNaN(e)) {
                worst = Double.isNaN(excess) ? Double.POSITIVE_INFINITY : excess;
                at = i;
            }
        }
        if (at >= 0) {
            throw new AssertionError(what + ": element " + at + " is " + actual.getDouble(at) + ", expected "
                    + expected.getDouble(at) + " (rtol " + rtol + ", atol " + atol + ")");
        }
    }
}
