package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.ir.Tensor;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/** Constant folding helpers the mappings need: axis permutation of a tensor (copied). */
public final class Tensors {
    private Tensors() {
    }

    /**
     * A copy of {@code t} with axes permuted: output axis {@code i} is input axis {@code perm[i]}
     * (numpy's {@code transpose}); bytes are copied element by element, any dtype.
     */
    public static Tensor permute(Tensor t, int[] perm) {
        long[] in = t.shape();
        int r = in.length;
        if (perm.length != r) {
            throw new IllegalArgumentException("permutation of " + perm.length + " axes for a rank-" + r + " tensor");
        }
        long[] out = new long[r];
        for (int i = 0; i < r; i++) {
            out[i] = in[perm[i]];
        }
        long[] inStrides = new long[r];
        long s = 1;
        for (int i = r - 1; i >= 0; i--) {
            inStrides[i] = s;
            s *= in[i];
        }
        int w = t.dtype().byteSize();
        long n = t.elementCount();
        Tensor le = t.withByteOrder(ByteOrder.LITTLE_ENDIAN);
        MemorySegment src = le.data();
        MemorySegment dst = Tensor.allocate(n * w);
        long[] idx = new long[r];
        for (long o = 0; o < n; o++) {
            long from = 0;
            for (int i = 0; i < r; i++) {
                from += idx[i] * inStrides[perm[i]];
            }
            MemorySegment.copy(src, from * w, dst, o * w, w);
            for (int i = r - 1; i >= 0; i--) {
                if (++idx[i] < out[i]) {
                    break;
                }
                idx[i] = 0;
            }
        }
        return Tensor.of(t.dtype(), out, dst, ByteOrder.LITTLE_ENDIAN);
    }
}
