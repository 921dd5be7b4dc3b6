package dev.rosetta.runtime;

import dev.rosetta.ir.DType;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;

/** Host-side tensor helpers the verifier needs: axis permutation, layout moves, seeded random fill. */
public final class Tensors {
    private Tensors() {
    }

    /**
     * {@code t} with its axes permuted: output axis {@code i} is input axis {@code perm[i]}
     * (NumPy's {@code transpose}). The result is a little-endian heap copy.
     */
    public static Tensor transpose(Tensor t, int[] perm) {
        long[] shape = t.shape();
        int rank = shape.length;
        if (perm.length != rank) {
            throw new IllegalArgumentException("permutation " + Arrays.toString(perm) + " for rank " + rank);
        }
        long[] outShape = new long[rank];
        long[] inStrides = new long[rank];
        long s = 1;
        for (int i = rank - 1; i >= 0; i--) {
            inStrides[i] = s;
            s *= shape[i];
        }
        long[] permStrides = new long[rank];
        for (int i = 0; i < rank; i++) {
            outShape[i] = shape[perm[i]];
            permStrides[i] = inStrides[perm[i]];
        }
        Tensor le = t.withByteOrder(ByteOrder.LITTLE_ENDIAN);
        MemorySegment src = le.data();
        int w = t.dtype().byteSize();
        long n = t.elementCount();
        MemorySegment dst = Tensor.allocate(n * w);
        long[] idx = new long[rank];
        long srcIndex = 0;
        for (long o = 0; o < n; o++) {
            MemorySegment.copy(src, srcIndex * w, dst, o * w, w);
            for (int ax = rank - 1; ax >= 0; ax--) {
                idx[ax]++;
                srcIndex += permStrides[ax];
                if (idx[ax] < outShape[ax]) {
                    break;
                }
                srcIndex -= permStrides[ax] * idx[ax];
                idx[ax] = 0;
            }
        }
        return Tensor.of(t.dtype(), outShape, dst, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The permutation that moves a tensor from layout {@code from} to layout {@code to} (both
     * activation layouts of one rank, e.g. NCHW to NHWC gives {@code [0, 2, 3, 1]}), or
     * {@code null} when they are equal, unknown or of different axes.
     */
    public static int[] layoutPermutation(Layout from, Layout to) {
        if (from == null || to == null || from == to || from.rank() < 0 || to.rank() != from.rank()) {
            return null;
        }
        String f = from.axes();
        String t = to.axes();
        int[] perm = new int[t.length()];
        for (int i = 0; i < t.length(); i++) {
            perm[i] = f.indexOf(t.charAt(i));
            if (perm[i] < 0) {
                return null;
            }
        }
        return perm;
    }

    /**
     * A tensor of {@code shape} filled from {@code random}: floating types with standard normal
     * values, integers uniform in [0, 10), bool uniform.
     */
    public static Tensor random(DType dtype, long[] shape, Random random) {
        long n = Tensor.elementCount(shape);
        if (n > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("random input of " + n + " elements is too large");
        }
        MemorySegment seg = Tensor.allocate(n * dtype.byteSize());
        for (long i = 0; i < n; i++) {
            double v;
            if (dtype.isFloatingPoint()) {
                v = random.nextGaussian();
            } else if (dtype == DType.BOOL) {
                v = random.nextBoolean() ? 1 : 0;
            } else {
                v = random.nextInt(10);
            }
            Tensor.put(seg, dtype, ByteOrder.LITTLE_ENDIAN, i, v);
        }
        return Tensor.of(dtype, shape, seg, ByteOrder.LITTLE_ENDIAN);
    }

    /** {@code t}'s elements converted to {@code dtype} (a copy; {@code t} itself when equal). */
    public static Tensor cast(Tensor t, DType dtype) {
        if (t.dtype() == dtype) {
            return t;
        }
        long n = t.elementCount();
        MemorySegment seg = Tensor.allocate(n * dtype.byteSize());
        for (long i = 0; i < n; i++) {
            Tensor.put(seg, dtype, ByteOrder.LITTLE_ENDIAN, i, t.getDouble(i));
        }
        return Tensor.of(dtype, t.shape(), seg, ByteOrder.LITTLE_ENDIAN);
    }

    /** A heap copy of a segment's bytes as a little-endian tensor (engines hand out native memory). */
    public static Tensor copyOf(DType dtype, long[] shape, MemorySegment bytes, ByteOrder order) {
        byte[] copy = bytes.toArray(ValueLayout.JAVA_BYTE);
        return Tensor.of(dtype, shape, MemorySegment.ofArray(copy), order).withByteOrder(ByteOrder.LITTLE_ENDIAN);
    }
}
