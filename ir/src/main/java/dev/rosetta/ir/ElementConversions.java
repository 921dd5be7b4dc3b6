package dev.rosetta.ir;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Bulk element conversions over raw tensor bytes: byte-order swaps and float16/bfloat16 ⇄
 * float32, each with its own source and destination byte order.
 *
 * <p>Why it is shaped so: an element-by-element loop through {@link MemorySegment#get} pays a
 * bounds and order check per element and cannot be vectorized. Here the source is moved in
 * chunks of {@value #CHUNK} elements into a primitive array with one bulk {@link MemorySegment#copy}
 * (which also swaps bytes when the orders differ), converted in a plain array loop the JIT
 * vectorizes ({@link Float#float16ToFloat} and {@link Float#floatToFloat16} are intrinsics), and
 * copied out in bulk. A chunk (16 KiB of floats) stays in L1.
 *
 * <p>Rounding: float32 → float16 rounds to nearest even ({@link Float#floatToFloat16}); float32 →
 * bfloat16 rounds to nearest even and keeps a NaN a (quiet) NaN, as {@code Tensor.put} does.
 */
public final class ElementConversions {
    /** Elements converted per bulk copy. */
    static final int CHUNK = 4096;

    private ElementConversions() {
    }

    /**
     * Copies {@code src} to {@code dst} reversing the bytes of every {@code elementSize}-byte
     * element (2, 4 or 8): little-endian data becomes big-endian and back.
     *
     * @throws IllegalArgumentException for another element size, sizes that differ or are not a
     *     whole number of elements
     */
    public static void swapBytes(MemorySegment src, MemorySegment dst, int elementSize) {
        ValueLayout le = switch (elementSize) {
            case 2 -> ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
            case 4 -> ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
            case 8 -> ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
            default -> throw new IllegalArgumentException("byte swap of " + elementSize
                    + "-byte elements: only 2, 4 and 8 have a byte order");
        };
        long n = count(src, elementSize, dst, elementSize);
        MemorySegment.copy(src, le, 0, dst, le.withOrder(ByteOrder.BIG_ENDIAN), 0, n);
    }

    /**
     * IEEE half-precision elements of {@code src} ({@code srcOrder}) as float32 into {@code dst}
     * ({@code dstOrder}); exact.
     *
     * @throws IllegalArgumentException unless {@code dst} holds exactly twice the bytes of {@code src}
     */
    public static void float16ToFloat32(MemorySegment src, ByteOrder srcOrder, MemorySegment dst, ByteOrder dstOrder) {
        widen(src, srcOrder, dst, dstOrder, false);
    }

    /**
     * bfloat16 elements of {@code src} as float32 into {@code dst}; exact (bfloat16 is the upper
     * half of a float32).
     *
     * @throws IllegalArgumentException unless {@code dst} holds exactly twice the bytes of {@code src}
     */
    public static void bfloat16ToFloat32(MemorySegment src, ByteOrder srcOrder, MemorySegment dst, ByteOrder dstOrder) {
        widen(src, srcOrder, dst, dstOrder, true);
    }

    /**
     * float32 elements of {@code src} rounded to IEEE half precision into {@code dst}.
     *
     * @throws IllegalArgumentException unless {@code dst} holds exactly half the bytes of {@code src}
     */
    public static void float32ToFloat16(MemorySegment src, ByteOrder srcOrder, MemorySegment dst, ByteOrder dstOrder) {
        narrow(src, srcOrder, dst, dstOrder, false);
    }

    /**
     * float32 elements of {@code src} rounded to bfloat16 into {@code dst}.
     *
     * @throws IllegalArgumentException unless {@code dst} holds exactly half the bytes of {@code src}
     */
    public static void float32ToBfloat16(MemorySegment src, ByteOrder srcOrder, MemorySegment dst, ByteOrder dstOrder) {
        narrow(src, srcOrder, dst, dstOrder, true);
    }

    private static void widen(MemorySegment src, ByteOrder srcOrder, MemorySegment dst, ByteOrder dstOrder,
                              boolean brain) {
        long n = count(src, 2, dst, 4);
        ValueLayout.OfShort in = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(srcOrder);
        ValueLayout.OfInt out = ValueLayout.JAVA_INT_UNALIGNED.withOrder(dstOrder);
        short[] halves = new short[CHUNK];
        int[] bits = new int[CHUNK];
        for (long i = 0; i < n; i += CHUNK) {
            int m = (int) Math.min(CHUNK, n - i);
            MemorySegment.copy(src, in, 2 * i, halves, 0, m);
            if (brain) {
                for (int k = 0; k < m; k++) {
                    bits[k] = halves[k] << 16;
                }
            } else {
                for (int k = 0; k < m; k++) {
                    bits[k] = Float.floatToRawIntBits(Float.float16ToFloat(halves[k]));
                }
            }
            MemorySegment.copy(bits, 0, dst, out, 4 * i, m);
        }
    }

    private static void narrow(MemorySegment src, ByteOrder srcOrder, MemorySegment dst, ByteOrder dstOrder,
                               boolean brain) {
        long n = count(src, 4, dst, 2);
        ValueLayout.OfFloat in = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(srcOrder);
        ValueLayout.OfShort out = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(dstOrder);
        float[] floats = new float[CHUNK];
        short[] halves = new short[CHUNK];
        for (long i = 0; i < n; i += CHUNK) {
            int m = (int) Math.min(CHUNK, n - i);
            MemorySegment.copy(src, in, 4 * i, floats, 0, m);
            if (brain) {
                for (int k = 0; k < m; k++) {
                    halves[k] = toBfloat16(floats[k]);
                }
            } else {
                for (int k = 0; k < m; k++) {
                    halves[k] = Float.floatToFloat16(floats[k]);
                }
            }
            MemorySegment.copy(halves, 0, dst, out, 2 * i, m);
        }
    }

    /** Rounds to bfloat16, nearest even; a NaN stays a NaN (quiet bit set). */
    static short toBfloat16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (f != f) {
            return (short) ((bits >>> 16) | 0x40);
        }
        return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
    }

    /** The element count both segments agree on. */
    private static long count(MemorySegment src, int srcSize, MemorySegment dst, int dstSize) {
        long n = src.byteSize() / srcSize;
        if (src.byteSize() % srcSize != 0 || dst.byteSize() != n * dstSize) {
            throw new IllegalArgumentException("source of " + src.byteSize() + " bytes (" + srcSize
                    + "-byte elements) does not match destination of " + dst.byteSize() + " bytes ("
                    + dstSize + "-byte elements)");
        }
        return n;
    }
}
