package dev.rosetta.formats.numpy;

import dev.rosetta.ir.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Moves element bytes between segments: little-endian copies and the Fortran-to-C
 * transposition. (Writers stream tensors with {@link dev.rosetta.formats.LittleEndianChunks}.)
 */
final class Elements {
    /** Bytes per chunk when inflating an {@code .npz} entry; a multiple of every element size. */
    static final int CHUNK = 4 << 20;

    private Elements() {
    }

    /** A copy of {@code t} in a fresh segment (heap when under 2 GiB), little-endian. */
    static Tensor copyLittleEndian(Tensor t) {
        MemorySegment src = t.data();
        MemorySegment dst = Tensor.allocate(src.byteSize());
        int width = t.dtype().byteSize();
        if (width > 1 && t.byteOrder() != ByteOrder.LITTLE_ENDIAN) {
            copySwapped(src, 0, dst, 0, src.byteSize(), width);
        } else {
            MemorySegment.copy(src, 0, dst, 0, src.byteSize());
        }
        return Tensor.of(t.dtype(), t.shape(), dst, ByteOrder.LITTLE_ENDIAN);
    }

    /** Copies {@code bytes} bytes of {@code width}-byte elements, reversing each element's bytes. */
    private static void copySwapped(MemorySegment src, long srcOff, MemorySegment dst, long dstOff, long bytes,
                                    int width) {
        ValueLayout big = layout(width).withOrder(ByteOrder.BIG_ENDIAN);
        ValueLayout little = layout(width).withOrder(ByteOrder.LITTLE_ENDIAN);
        MemorySegment.copy(src, big, srcOff, dst, little, dstOff, bytes / width);
    }

    private static ValueLayout layout(int width) {
        return switch (width) {
            case 2 -> ValueLayout.JAVA_SHORT_UNALIGNED;
            case 4 -> ValueLayout.JAVA_INT_UNALIGNED;
            case 8 -> ValueLayout.JAVA_LONG_UNALIGNED;
            default -> throw new IllegalArgumentException("no swap for " + width + "-byte elements");
        };
    }

    /**
     * Rearranges Fortran-ordered (first index fastest) elements into C order (last index
     * fastest), keeping each element's bytes as they are.
     *
     * @param src the Fortran-ordered data, exactly {@code product(shape) * width} bytes
     * @return a fresh segment from {@link Tensor#allocate} (off-heap when over 2 GiB)
     */
    static MemorySegment fortranToC(MemorySegment src, long[] shape, int width) {
        MemorySegment dst = Tensor.allocate(src.byteSize());
        int rank = shape.length;
        long count = src.byteSize() / width;
        if (count == 0) {
            return dst;
        }
        long[] stride = new long[rank];
        long s = width;
        for (int k = 0; k < rank; k++) {
            stride[k] = s;
            s *= shape[k];
        }
        long[] index = new long[rank];
        long from = 0;
        for (long to = 0; to < count * width; to += width) {
            copyElement(src, from, dst, to, width);
            for (int k = rank - 1; k >= 0; k--) {
                from += stride[k];
                if (++index[k] < shape[k]) {
                    break;
                }
                from -= stride[k] * shape[k];
                index[k] = 0;
            }
        }
        return dst;
    }

    private static void copyElement(MemorySegment src, long from, MemorySegment dst, long to, int width) {
        switch (width) {
            case 1 -> dst.set(ValueLayout.JAVA_BYTE, to, src.get(ValueLayout.JAVA_BYTE, from));
            case 2 -> dst.set(ValueLayout.JAVA_SHORT_UNALIGNED, to, src.get(ValueLayout.JAVA_SHORT_UNALIGNED, from));
            case 4 -> dst.set(ValueLayout.JAVA_INT_UNALIGNED, to, src.get(ValueLayout.JAVA_INT_UNALIGNED, from));
            default -> dst.set(ValueLayout.JAVA_LONG_UNALIGNED, to, src.get(ValueLayout.JAVA_LONG_UNALIGNED, from));
        }
    }

    /** True when Fortran and C order lay the elements out identically (at most one axis above 1). */
    static boolean sameInBothOrders(long[] shape) {
        int big = 0;
        for (long d : shape) {
            if (d == 0) {
                return true;
            }
            if (d > 1) {
                big++;
            }
        }
        return big <= 1;
    }
}
