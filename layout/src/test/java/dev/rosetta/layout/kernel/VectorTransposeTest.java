package dev.rosetta.layout.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The SIMD transpose against the definition, element by element: 1x1, 3x3 and 5x5 kernels, one
 * and two threads, both block orders and the order chosen for the shape, several tiles and bands; shapes it does not take go through the scalar kernels. Runs where the tests' JVM has the vector
 * module and a 512-bit CPU (this module's surefire adds the module); elsewhere the dispatch test
 * still checks the scalar path gives the same bytes.
 */
class VectorTransposeTest {

    @ParameterizedTest
    @CsvSource({
        // O, I, K (OIHW -> HWIO as the plan (O, I, K) -> (K, I, O)); K = 1 is a 2-D transpose
        "16, 16, 1", "32, 48, 9", "17, 5, 9", "64, 16, 9", "32, 48, 1", "19, 16, 25", "128, 64, 9", "16, 1, 16",
        "96, 80, 9", "16, 32, 25", "2560, 16, 1", "16, 2048, 9", "4128, 48, 1", "48, 1040, 25"})
    void matchesTheDefinition(int o, int i, int k) {
        long n = (long) o * i * k;
        try (Arena arena = Arena.ofShared()) {
            MemorySegment src = arena.allocate(n * 4);
            for (long x = 0; x < n; x++) {
                src.setAtIndex(ValueLayout.JAVA_INT, x, (int) (x * 2654435761L));
            }
            long[] shape = k == 1 ? new long[] {o, i} : new long[] {o, i, k};
            int[] perm = k == 1 ? new int[] {1, 0} : new int[] {2, 1, 0};
            TransposePlan plan = TransposePlan.of(shape, Permutation.of(perm));
            MemorySegment expected = arena.allocate(n * 4);
            for (int a = 0; a < o; a++) {
                for (int b = 0; b < i; b++) {
                    for (int c = 0; c < k; c++) {
                        expected.setAtIndex(ValueLayout.JAVA_INT, ((long) c * i + b) * o + a,
                                src.getAtIndex(ValueLayout.JAVA_INT, ((long) a * i + b) * k + c));
                    }
                }
            }
            if (SimdSupport.available() && VectorTranspose.fits(plan)) {
                for (BlockOrder order : new BlockOrder[] {BlockOrder.ALONG_SOURCE_ROWS, BlockOrder.ALONG_OUTPUT_ROWS, null}) {
                    for (int threads : new int[] {1, 2}) {
                        MemorySegment dst = arena.allocate(n * 4);
                        VectorTranspose.transpose(src, dst, plan, threads, order);
                        assertEquals(-1, dst.mismatch(expected), o + "x" + i + "x" + k + " on " + threads
                                + " threads, " + (order == null ? "order chosen" : order));
                    }
                }
            }
            MemorySegment viaDispatch = arena.allocate(n * 4);
            Transpose.permute(src, shape, 4, Permutation.of(perm), viaDispatch, 1);
            assertEquals(-1, viaDispatch.mismatch(expected), "Transpose.permute, whichever kernel it picks");
        }
    }

    @ParameterizedTest
    @CsvSource({"15, 16, 9", "16, 1, 15", "17, 16, 9", "32, 5, 9", "48, 33, 1"})
    void shapesNotMadeOfWholeBlocksAreLeftToTheScalarKernels(int o, int i, int k) {
        TransposePlan plan = k == 1 ? TransposePlan.of(new long[] {o, i}, Permutation.of(1, 0))
                : TransposePlan.of(new long[] {o, i, k}, Permutation.of(2, 1, 0));
        assertFalse(VectorTranspose.fits(plan), "rows or columns not a multiple of 16");
    }
}
