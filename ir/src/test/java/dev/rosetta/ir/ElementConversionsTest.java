package dev.rosetta.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ElementConversionsTest {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;
    /** More than one chunk, and not a multiple of it. */
    private static final int N = 2 * ElementConversions.CHUNK + 77;

    @Test
    void everyHalfPrecisionBitPatternWidensExactlyInBothByteOrders() {
        for (ByteOrder from : new ByteOrder[] {LE, BE}) {
            for (ByteOrder to : new ByteOrder[] {LE, BE}) {
                MemorySegment src = MemorySegment.ofArray(new byte[2 << 16]);
                for (int i = 0; i < 1 << 16; i++) {
                    src.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(from), i, (short) i);
                }
                MemorySegment f16 = MemorySegment.ofArray(new byte[4 << 16]);
                MemorySegment bf16 = MemorySegment.ofArray(new byte[4 << 16]);
                ElementConversions.float16ToFloat32(src, from, f16, to);
                ElementConversions.bfloat16ToFloat32(src, from, bf16, to);
                ValueLayout.OfInt out = ValueLayout.JAVA_INT_UNALIGNED.withOrder(to);
                for (int i = 0; i < 1 << 16; i++) {
                    assertEquals(Float.floatToRawIntBits(Float.float16ToFloat((short) i)), f16.getAtIndex(out, i));
                    assertEquals(i << 16, bf16.getAtIndex(out, i));
                }
            }
        }
    }

    @Test
    void narrowingRoundsLikeTheTensorApi() {
        Random rnd = new Random(3);
        float[] v = new float[N];
        for (int i = 0; i < N; i++) {
            v[i] = switch (i % 7) {
                case 0 -> Float.intBitsToFloat(rnd.nextInt());
                case 1 -> Float.NaN;
                case 2 -> (float) rnd.nextGaussian() * 1e5f;
                default -> (float) rnd.nextGaussian();
            };
        }
        Tensor t = Tensor.ofFloats(new long[] {N}, v).withByteOrder(BE);
        for (DType dtype : new DType[] {DType.FLOAT16, DType.BFLOAT16}) {
            MemorySegment dst = MemorySegment.ofArray(new byte[2 * N]);
            if (dtype == DType.FLOAT16) {
                ElementConversions.float32ToFloat16(t.data(), BE, dst, LE);
            } else {
                ElementConversions.float32ToBfloat16(t.data(), BE, dst, LE);
            }
            MemorySegment expected = MemorySegment.ofArray(new byte[2 * N]);
            for (int i = 0; i < N; i++) {
                Tensor.put(expected, dtype, LE, i, v[i]);
            }
            assertEquals(-1, dst.mismatch(expected), dtype.toString());
        }
    }

    @Test
    void byteSwapReversesEachElementAndRejectsWidthsWithoutAnOrder() {
        byte[] src = new byte[8 * N];
        new Random(5).nextBytes(src);
        for (int w : new int[] {2, 4, 8}) {
            byte[] dst = new byte[src.length];
            ElementConversions.swapBytes(MemorySegment.ofArray(src), MemorySegment.ofArray(dst), w);
            byte[] expected = new byte[src.length];
            for (int i = 0; i < src.length; i += w) {
                for (int b = 0; b < w; b++) {
                    expected[i + b] = src[i + w - 1 - b];
                }
            }
            assertArrayEquals(expected, dst, "width " + w);
        }
        MemorySegment s = MemorySegment.ofArray(new byte[12]);
        assertThrows(IllegalArgumentException.class, () -> ElementConversions.swapBytes(s, s, 3));
        assertThrows(IllegalArgumentException.class,
                () -> ElementConversions.float16ToFloat32(s, LE, MemorySegment.ofArray(new byte[20]), LE));
        assertThrows(IllegalArgumentException.class,
                () -> ElementConversions.swapBytes(MemorySegment.ofArray(new byte[10]), MemorySegment.ofArray(new byte[10]), 4));
    }
}
