package dev.rosetta.formats.keras.write;

import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * IR weights in Keras's axis order. A weight already in Keras order (its tag says HWIO, WIO, HWCM,
 * HWOI or IO) is written as it is; a weight in ONNX/PyTorch order (OIHW, OIW, IOHW, OI, or no tag,
 * which means ONNX order) is permuted when its dataset is written, one tensor at a time.
 */
public final class Kernels {
    private Kernels() {
    }

    /** A Conv2D/Conv1D kernel: HWIO / WIO. */
    public static KerasWeight conv(Value w, Tensor t) {
        int r = t.rank();
        if (w.layout() == Layout.HWIO || w.layout() == Layout.WIO) {
            return KerasWeight.of("kernel", t);
        }
        int[] perm = r == 4 ? new int[] {2, 3, 1, 0} : new int[] {2, 1, 0};
        return permuted("kernel", t, perm);
    }

    /** True when the conv weight is in Keras order. */
    public static boolean kerasOrder(Value w) {
        return w.layout() == Layout.HWIO || w.layout() == Layout.WIO || w.layout() == Layout.HWCM
                || w.layout() == Layout.HWOI || w.layout() == Layout.IO;
    }

    /** A DepthwiseConv2D kernel (H, W, C, M) from a grouped conv weight with {@code group = C}. */
    public static KerasWeight depthwise(String variable, Value w, Tensor t, long channels, long multiplier) {
        long[] s = t.shape();
        if (w.layout() == Layout.HWCM) {
            return KerasWeight.of(variable, t);
        }
        if (w.layout() == Layout.HWIO) {
            return KerasWeight.of(variable, t.reshape(s[0], s[1], channels, multiplier));
        }
        Tensor cmhw = t.reshape(channels, multiplier, s[2], s[3]);
        return permuted(variable, cmhw, new int[] {2, 3, 0, 1});
    }

    /** A Conv2DTranspose kernel (H, W, out, in) from HWOI or ONNX's (in, out, H, W). */
    public static KerasWeight convTranspose(Value w, Tensor t) {
        if (w.layout() == Layout.HWOI) {
            return KerasWeight.of("kernel", t);
        }
        return permuted("kernel", t, new int[] {2, 3, 1, 0});
    }

    /** A Dense kernel (in, units) from IO, or from OI when {@code transposed}. */
    public static KerasWeight dense(Tensor t, boolean transposed) {
        return transposed ? permuted("kernel", t, new int[] {1, 0}) : KerasWeight.of("kernel", t);
    }

    /**
     * A weight whose content is {@code t} permuted by {@code perm}: a {@linkplain Tensor#deferred
     * deferred} tensor, so the HDF5 writer permutes it straight into its reused buffer when it
     * writes the dataset.
     */
    public static KerasWeight permuted(String variable, Tensor t, int[] perm) {
        long[] out = permutedShape(t.shape(), perm);
        Tensor lazy = Tensor.deferred(t.dtype(), out, ByteOrder.LITTLE_ENDIAN, dst -> permuteInto(t, perm, dst));
        return new KerasWeight(variable, t.dtype(), out, () -> lazy);
    }

    /** A heap copy of {@code t} with its axes permuted ({@code out.shape[i] = t.shape[perm[i]]}). */
    public static Tensor permute(Tensor t, int[] perm) {
        MemorySegment dst = Tensor.allocate(t.byteSize());
        permuteInto(t, perm, dst);
        return Tensor.of(t.dtype(), permutedShape(t.shape(), perm), dst, ByteOrder.LITTLE_ENDIAN);
    }

    private static long[] permutedShape(long[] s, int[] perm) {
        long[] out = new long[s.length];
        for (int i = 0; i < perm.length; i++) {
            out[i] = s[perm[i]];
        }
        return out;
    }

    /** Writes {@code t} permuted by {@code perm}, little-endian, into {@code dst} (its byte size). */
    private static void permuteInto(Tensor t, int[] perm, MemorySegment dst) {
        long[] s = t.shape();
        int r = s.length;
        long[] outShape = permutedShape(s, perm);
        long[] inStrides = new long[r];
        long acc = 1;
        for (int i = r - 1; i >= 0; i--) {
            inStrides[i] = acc;
            acc *= s[i];
        }
        long[] strideOfOut = new long[r];
        for (int i = 0; i < r; i++) {
            strideOfOut[i] = inStrides[perm[i]];
        }
        Tensor le = t.withByteOrder(ByteOrder.LITTLE_ENDIAN);
        int w = t.dtype().byteSize();
        long n = t.elementCount();
        MemorySegment src = le.data();
        long[] idx = new long[r];
        long srcIndex = 0;
        for (long o = 0; o < n; o++) {
            MemorySegment.copy(src, srcIndex * w, dst, o * w, w);
            for (int d = r - 1; d >= 0; d--) {
                idx[d]++;
                srcIndex += strideOfOut[d];
                if (idx[d] < outShape[d]) {
                    break;
                }
                srcIndex -= strideOfOut[d] * outShape[d];
                idx[d] = 0;
            }
        }
    }
}
