package dev.rosetta.layout.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.ir.DType;
import dev.rosetta.ir.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WeightPermutationsTest {

    private static Tensor ramp(DType dtype, long... shape) {
        double[] v = new double[(int) Tensor.elementCount(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        return Tensor.fromDoubles(dtype, shape, v);
    }

    @Test
    void oihwToHwioMovesEveryElementWhereTheFormulaSays() {
        int o = 5, i = 3, h = 4, w = 2;
        Tensor t = ramp(DType.FLOAT32, o, i, h, w);
        Tensor k = WeightPermutations.oihwToHwio(t);
        assertArrayEquals(new long[] {h, w, i, o}, k.shape());
        for (int a = 0; a < o; a++) {
            for (int b = 0; b < i; b++) {
                for (int c = 0; c < h; c++) {
                    for (int d = 0; d < w; d++) {
                        assertEquals(((a * i + b) * h + c) * w + d, k.getDouble(((c * w + d) * i + b) * o + a));
                    }
                }
            }
        }
        assertTrue(WeightPermutations.hwioToOihw(k).contentEquals(t));
    }

    @Test
    void depthwiseWithMultiplier() {
        long c = 3, m = 2, h = 2, w = 3;
        Tensor t = ramp(DType.FLOAT64, c * m, 1, h, w);
        Tensor k = WeightPermutations.depthwiseOihwToHwcm(t, c);
        assertArrayEquals(new long[] {h, w, c, m}, k.shape());
        for (int ci = 0; ci < c; ci++) {
            for (int mi = 0; mi < m; mi++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        long oi = ci * m + mi;
                        assertEquals((oi * h + y) * w + x, k.getDouble(((y * w + x) * c + ci) * m + mi));
                    }
                }
            }
        }
        assertTrue(WeightPermutations.hwcmToDepthwiseOihw(k).contentEquals(t));
        assertThrows(IllegalArgumentException.class, () -> WeightPermutations.depthwiseOihwToHwcm(new long[] {6, 2, 3, 3}, 3));
    }

    @Test
    void transposedConvAndDense() {
        Tensor t = ramp(DType.INT16, 3, 4, 2, 5);
        Tensor k = WeightPermutations.iohwToHwoi(t);
        assertArrayEquals(new long[] {2, 5, 4, 3}, k.shape());
        assertEquals(((1 * 4 + 2) * 2 + 1) * 5 + 3, k.getDouble(((1 * 5 + 3) * 4 + 2) * 3 + 1));
        assertTrue(WeightPermutations.hwoiToIohw(k).contentEquals(t));
        Tensor d = ramp(DType.INT8, 3, 7);
        assertTrue(WeightPermutations.ioToOi(WeightPermutations.oiToIo(d)).contentEquals(d));
        assertEquals(1 * 7 + 4, WeightPermutations.oiToIo(d).getDouble(4 * 3 + 1));
    }

    @Test
    void flattenRowsFollowTheMapOrder() {
        long out = 2, c = 3, h = 2, w = 4;
        Tensor oi = ramp(DType.FLOAT32, out, c * h * w);
        Tensor p = WeightPermutations.flattenChwToHwc(oi, 1, c, h, w);
        assertArrayEquals(oi.shape(), p.shape());
        for (int o = 0; o < out; o++) {
            for (int ci = 0; ci < c; ci++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        long chw = (ci * h + y) * w + x;
                        long hwc = (y * w + x) * c + ci;
                        assertEquals(oi.getDouble(o * c * h * w + chw), p.getDouble(o * c * h * w + hwc));
                    }
                }
            }
        }
        assertTrue(WeightPermutations.flattenHwcToChw(p, 1, c, h, w).contentEquals(oi));
        // (in, out) weight: the same permutation on axis 0
        Tensor io = WeightPermutations.oiToIo(oi);
        Tensor pio = WeightPermutations.flattenChwToHwc(io, 0, c, h, w);
        assertTrue(WeightPermutations.oiToIo(pio).contentEquals(p));
        assertTrue(WeightPermutations.flattenHwcToChw(pio, 0, c, h, w).contentEquals(io));
        assertThrows(IllegalArgumentException.class, () -> WeightPermutations.flattenChwToHwc(oi, 1, 3, 3, 3));
    }

    @Test
    void transformsInvertComposeAndReportPermutations() {
        Random rnd = new Random(3);
        double[] v = rnd.doubles(4 * 3 * 3 * 2).toArray();
        Tensor t = Tensor.fromDoubles(DType.FLOAT32, new long[] {4, 3, 3, 2}, v);
        WeightTransform f = WeightPermutations.oihwToHwio(t.shape());
        assertEquals(WeightPermutations.OIHW_TO_HWIO, f.asPermutation());
        assertEquals("HWIO->OIHW", f.inverse().label());
        assertTrue(f.inverse().apply(f.apply(t)).contentEquals(t));
        WeightTransform dw = WeightPermutations.depthwiseOihwToHwcm(new long[] {6, 1, 3, 3}, 3);
        assertNull(dw.asPermutation());
        WeightTransform both = f.then(f.inverse());
        assertTrue(both.apply(t).contentEquals(t));
        assertTrue(WeightTransform.identity(new long[] {2, 2}).movesNothing());
        assertTrue(WeightPermutations.oihwToHwio(new long[] {1, 1, 3, 3}).movesNothing());
    }
}
