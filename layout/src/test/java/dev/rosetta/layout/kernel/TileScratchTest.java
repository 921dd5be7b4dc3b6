package dev.rosetta.layout.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.ir.DType;
import dev.rosetta.ir.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The tiled fast path on shapes that cover several row and column tiles, partial tiles of odd
 * extent, merged gathers and scatters, unaligned segments and every element size it serves.
 */
class TileScratchTest {

    private static void check(long[] shape, int[] perm, int eb, long seed) {
        TransposePlan plan = TransposePlan.of(shape, Permutation.of(perm));
        assertTrue(TileScratch.fits(plan, eb), () -> plan + " should take the tiled path");
        int n = (int) (Tensor.elementCount(shape) * eb);
        byte[] src = new byte[n + 3];
        new Random(seed).nextBytes(src);
        // Offset by 3 bytes: neither side is aligned to its element size.
        MemorySegment in = MemorySegment.ofArray(src).asSlice(3).asReadOnly();
        byte[] expected = TransposeTest.naive(Arrays.copyOfRange(src, 3, n + 3), shape, eb, perm);
        for (int threads : new int[] {1, 2}) {
            try (Arena arena = Arena.ofShared()) {
                MemorySegment out = arena.allocate(n + 5).asSlice(5);
                Transpose.permute(in, shape, eb, Permutation.of(perm), out, threads);
                assertArrayEquals(expected, out.toArray(ValueLayout.JAVA_BYTE), () -> Arrays.toString(shape)
                        + " perm " + Arrays.toString(perm) + " element " + eb + " threads " + threads);
            }
        }
    }

    @Test
    void convolutionKernelsSpanningSeveralRowAndColumnTilesWithOddRemainders() {
        for (int eb : new int[] {1, 2, 4, 8}) {
            check(new long[] {301, 37, 3, 3}, new int[] {2, 3, 1, 0}, eb, eb);
            check(new long[] {3, 3, 37, 301}, new int[] {3, 2, 0, 1}, eb, 10 + eb);
        }
    }

    @Test
    void oneByOneKernelsAreAPlainMatrixTranspose() {
        for (int eb : new int[] {1, 2, 4, 8}) {
            check(new long[] {523, 1031, 1, 1}, new int[] {2, 3, 1, 0}, eb, 20 + eb);
        }
    }

    @Test
    void shortColumnsGatherWholeTilesAndShortRowsScatterMergedRuns() {
        // depthwise (C, H·W) → (H·W, C): nine columns, many rows
        for (int eb : new int[] {1, 2, 4, 8}) {
            check(new long[] {4099, 1, 3, 3}, new int[] {2, 3, 0, 1}, eb, 30 + eb);
        }
        // few rows, long columns: every output run is the whole row axis
        check(new long[] {24, 5000}, new int[] {1, 0}, 8, 41);
        check(new long[] {8, 9, 700}, new int[] {0, 2, 1}, 4, 42);
    }

    @Test
    void flattenRowPermutationOfADenseWeight() {
        // (out, C, H, W) → (out, H, W, C): the outer axis stays outermost
        for (int eb : new int[] {2, 4}) {
            check(new long[] {17, 64, 7, 7}, new int[] {0, 2, 3, 1}, eb, 50 + eb);
        }
    }

    @Test
    void bigEndianFloat16AndFloat64TensorsKeepTheirOrderAndValues() {
        for (DType dtype : new DType[] {DType.FLOAT16, DType.FLOAT64, DType.INT8}) {
            long[] shape = {67, 45, 3, 3};
            double[] v = new double[(int) Tensor.elementCount(shape)];
            for (int i = 0; i < v.length; i++) {
                v[i] = i % 2000 - 1000;
            }
            Tensor be = Tensor.fromDoubles(dtype, shape, v).withByteOrder(ByteOrder.BIG_ENDIAN);
            Tensor out = WeightPermutations.oihwToHwio(be);
            assertEquals(be.byteOrder(), out.byteOrder());
            for (int o = 0; o < 67; o += 11) {
                for (int i = 0; i < 45; i += 7) {
                    for (int k = 0; k < 9; k++) {
                        int inIdx = (o * 45 + i) * 9 + k;
                        assertEquals(dtype == DType.INT8 ? (byte) v[inIdx] : v[inIdx],
                                out.getDouble((k * 45L + i) * 67 + o), dtype + " at " + o + "," + i + "," + k);
                    }
                }
            }
            assertTrue(WeightPermutations.hwioToOihw(out).contentEquals(be));
        }
    }

    @Test
    void tinyExtentsAndOtherElementSizesStayOnTheDirectLoop() {
        assertFalse(TileScratch.fits(TransposePlan.of(new long[] {4, 1000}, Permutation.of(1, 0)), 4));
        assertFalse(TileScratch.fits(TransposePlan.of(new long[] {100, 100}, Permutation.of(1, 0)), 3));
        assertTrue(TileScratch.fits(TransposePlan.of(new long[] {8, 8}, Permutation.of(1, 0)), 1));
    }

    @Test
    void tileGeometryKeepsScratchWithinBoundsAndRunsNearAKilobyte() {
        TileScratch.TileGeometry g = new TileScratch.TileGeometry(
                TransposePlan.of(new long[] {2048, 1280, 3, 3}, WeightPermutations.OIHW_TO_HWIO), 4);
        assertEquals(TileScratch.RUN_BYTES, g.colTile * 4);
        assertTrue((long) g.rowTile * g.colTile * 4 <= TileScratch.TILE_BYTES);
        assertEquals(0, g.rowTile % 2);
        assertTrue(g.inPitch * 2 >= g.colTile && g.outPitch * 2 >= g.rowTile);
    }
}
