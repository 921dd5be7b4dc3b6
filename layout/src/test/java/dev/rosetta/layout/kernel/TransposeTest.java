package dev.rosetta.layout.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rosetta.ir.DType;
import dev.rosetta.ir.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TransposeTest {

    /** The obvious element-by-element loop: the oracle. */
    static byte[] naive(byte[] src, long[] shape, int eb, int[] perm) {
        int r = shape.length;
        long[] inStride = new long[r];
        long acc = 1;
        for (int i = r - 1; i >= 0; i--) {
            inStride[i] = acc;
            acc *= shape[i];
        }
        long[] outShape = new long[r];
        for (int i = 0; i < r; i++) {
            outShape[i] = shape[perm[i]];
        }
        byte[] out = new byte[src.length];
        long[] idx = new long[r];
        for (long o = 0; o < acc; o++) {
            long s = 0;
            for (int k = 0; k < r; k++) {
                s += idx[k] * inStride[perm[k]];
            }
            System.arraycopy(src, (int) (s * eb), out, (int) (o * eb), eb);
            for (int k = r - 1; k >= 0; k--) {
                if (++idx[k] < outShape[k]) {
                    break;
                }
                idx[k] = 0;
            }
        }
        return out;
    }

    private static void check(long[] shape, int[] perm, int eb, Random rnd) {
        long n = Tensor.elementCount(shape);
        byte[] src = new byte[(int) (n * eb)];
        rnd.nextBytes(src);
        byte[] expected = naive(src, shape, eb, perm);
        for (int threads : new int[] {1, 3}) {
            MemorySegment dst = MemorySegment.ofArray(new byte[src.length]);
            Transpose.permute(MemorySegment.ofArray(src).asReadOnly(), shape, eb, Permutation.of(perm), dst, threads);
            assertArrayEquals(expected, dst.toArray(ValueLayout.JAVA_BYTE), () -> "shape " + Arrays.toString(shape)
                    + " perm " + Arrays.toString(perm) + " element " + eb + " threads " + threads);
        }
    }

    private static int[] randomPerm(int r, Random rnd) {
        List<Integer> l = new ArrayList<>();
        for (int i = 0; i < r; i++) {
            l.add(i);
        }
        Collections.shuffle(l, rnd);
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void randomShapesAndPermutationsMatchTheNaiveLoopForEveryElementSize() {
        Random rnd = new Random(42);
        int[] sizes = {1, 2, 4, 8, 3, 6, 12, 16, 24, 100};
        for (int trial = 0; trial < 400; trial++) {
            int r = 1 + rnd.nextInt(6);
            long[] shape = new long[r];
            long budget = 6000;
            for (int i = 0; i < r; i++) {
                shape[i] = 1 + rnd.nextInt((int) Math.max(1, Math.min(23, budget)));
                budget /= shape[i];
            }
            check(shape, randomPerm(r, rnd), sizes[trial % sizes.length], rnd);
        }
    }

    @Test
    void shapesNotMultipleOfTheTileAndWithUnitAxes() {
        Random rnd = new Random(7);
        for (int eb : new int[] {1, 2, 4, 8}) {
            check(new long[] {67, 130}, new int[] {1, 0}, eb, rnd);
            check(new long[] {257, 3, 3, 5}, new int[] {2, 3, 1, 0}, eb, rnd);
            check(new long[] {1, 97, 1, 65}, new int[] {3, 2, 1, 0}, eb, rnd);
            check(new long[] {5, 1, 300}, new int[] {2, 0, 1}, eb, rnd);
            check(new long[] {2, 3, 4, 5}, new int[] {0, 1, 2, 3}, eb, rnd);
            check(new long[] {7, 9, 2}, new int[] {1, 0, 2}, eb, rnd);
            check(new long[] {3, 40, 9}, new int[] {1, 0, 2}, eb, rnd);
            check(new long[] {131, 70, 3, 3}, new int[] {2, 3, 1, 0}, eb, rnd);
            check(new long[] {2, 67, 5, 259}, new int[] {0, 3, 1, 2}, eb, rnd);
            check(new long[] {4, 33, 17, 19}, new int[] {3, 1, 2, 0}, eb, rnd);
        }
    }

    @Test
    void emptyTensorsAndScalarsAreFine() {
        Random rnd = new Random(1);
        check(new long[] {0, 5}, new int[] {1, 0}, 4, rnd);
        check(new long[] {}, new int[] {}, 8, rnd);
    }

    @Test
    void tensorEntryPointKeepsDtypeAndByteOrder() {
        float[] v = new float[2 * 3 * 4 * 5];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 0.5f;
        }
        Tensor le = Tensor.ofFloats(new long[] {2, 3, 4, 5}, v);
        Tensor be = le.withByteOrder(ByteOrder.BIG_ENDIAN);
        Tensor out = Transpose.permute(be, 2, 3, 1, 0);
        assertEquals(ByteOrder.BIG_ENDIAN, out.byteOrder());
        assertEquals(DType.FLOAT32, out.dtype());
        assertArrayEquals(new long[] {4, 5, 3, 2}, out.shape());
        // out[h, w, i, o] == in[o, i, h, w]
        for (int o = 0; o < 2; o++) {
            for (int i = 0; i < 3; i++) {
                for (int h = 0; h < 4; h++) {
                    for (int w = 0; w < 5; w++) {
                        assertEquals(v[((o * 3 + i) * 4 + h) * 5 + w],
                                (float) out.getDouble(((h * 5L + w) * 3 + i) * 2 + o));
                    }
                }
            }
        }
        assertEquals(true, Transpose.permute(Transpose.permute(le, 2, 3, 1, 0), 3, 2, 0, 1).contentEquals(le));
    }

    @Test
    void offHeapSegmentsWorkAndLargeInputsGoParallel() {
        long[] shape = {96, 80, 3, 3};
        int n = (int) Tensor.elementCount(shape);
        byte[] src = new byte[n * 4];
        new Random(9).nextBytes(src);
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment s = arena.allocate(src.length);
            MemorySegment.copy(src, 0, s, ValueLayout.JAVA_BYTE, 0, src.length);
            MemorySegment d = arena.allocate(src.length);
            Transpose.permute(s, shape, 4, WeightPermutations.OIHW_TO_HWIO, d, 4);
            assertArrayEquals(naive(src, shape, 4, new int[] {2, 3, 1, 0}), d.toArray(ValueLayout.JAVA_BYTE));
        }
        assertEquals(1, Transpose.defaultThreads(1000));
        assertEquals(Runtime.getRuntime().availableProcessors(), Transpose.defaultThreads(Transpose.PARALLEL_BYTES));
    }

    @Test
    void sizeMismatchIsRejected() {
        MemorySegment src = MemorySegment.ofArray(new byte[24]);
        assertThrows(IllegalArgumentException.class, () -> Transpose.permute(src, new long[] {2, 3}, 4,
                Permutation.of(1, 0), MemorySegment.ofArray(new byte[20])));
        assertThrows(IllegalArgumentException.class, () -> Permutation.of(0, 0));
    }

    @Test
    void planMergesAdjacentAxesAndDropsUnitAxes() {
        TransposePlan p = TransposePlan.of(new long[] {64, 32, 3, 3}, Permutation.of(2, 3, 1, 0));
        assertArrayEquals(new long[] {64, 32, 9}, p.shape());
        assertArrayEquals(new int[] {2, 1, 0}, p.perm());
        TransposePlan q = TransposePlan.of(new long[] {1, 8, 1, 1}, Permutation.of(0, 2, 3, 1));
        assertEquals(true, q.isCopy());
    }

    @Test
    void permutationAlgebra() {
        Permutation p = Permutation.of(0, 2, 3, 1);
        assertEquals(Permutation.identity(4), p.then(p.inverse()));
        assertArrayEquals(new long[] {1, 5, 7, 3}, p.apply(new long[] {1, 3, 5, 7}));
        assertEquals(Permutation.of(0, 3, 1, 2), p.inverse());
        assertEquals(3, p.positionOf(1));
    }
}
