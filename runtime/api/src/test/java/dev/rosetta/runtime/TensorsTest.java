package dev.rosetta.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.ir.DType;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TensorsTest {
    @Test
    void transposeMovesChannelsLast() {
        float[] v = new float[2 * 3 * 2 * 2];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        Tensor nchw = Tensor.ofFloats(new long[] {2, 3, 2, 2}, v);
        Tensor nhwc = Tensors.transpose(nchw, Tensors.layoutPermutation(Layout.NCHW, Layout.NHWC));
        assertArrayEquals(new long[] {2, 2, 2, 3}, nhwc.shape());
        // nhwc[n, h, w, c] == nchw[n, c, h, w]
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 3; c++) {
                for (int h = 0; h < 2; h++) {
                    for (int w = 0; w < 2; w++) {
                        assertEquals(nchw.getDouble(((n * 3L + c) * 2 + h) * 2 + w),
                                nhwc.getDouble(((n * 2L + h) * 2 + w) * 3 + c));
                    }
                }
            }
        }
        Tensor back = Tensors.transpose(nhwc, Tensors.layoutPermutation(Layout.NHWC, Layout.NCHW));
        assertTrue(back.contentEquals(nchw));
    }

    @Test
    void layoutPermutations() {
        assertArrayEquals(new int[] {0, 2, 3, 1}, Tensors.layoutPermutation(Layout.NCHW, Layout.NHWC));
        assertArrayEquals(new int[] {0, 3, 1, 2}, Tensors.layoutPermutation(Layout.NHWC, Layout.NCHW));
        assertArrayEquals(new int[] {0, 2, 1}, Tensors.layoutPermutation(Layout.NCW, Layout.NWC));
        assertNull(Tensors.layoutPermutation(Layout.NCHW, Layout.NCHW));
        assertNull(Tensors.layoutPermutation(Layout.UNKNOWN, Layout.NHWC));
        assertNull(Tensors.layoutPermutation(Layout.NCHW, Layout.NCW));
    }

    @Test
    void randomIsSeededAndTyped() {
        Tensor a = Tensors.random(DType.FLOAT32, new long[] {4, 5}, new Random(7));
        Tensor b = Tensors.random(DType.FLOAT32, new long[] {4, 5}, new Random(7));
        assertTrue(a.contentEquals(b));
        Tensor ints = Tensors.random(DType.INT64, new long[] {100}, new Random(1));
        for (long i = 0; i < 100; i++) {
            assertTrue(ints.getLong(i) >= 0 && ints.getLong(i) < 10);
        }
    }
}
