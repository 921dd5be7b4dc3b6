package dev.rosetta.layout.rules;

import dev.rosetta.ir.Tensor;
import dev.rosetta.layout.kernel.Permutation;

/**
 * Per-axis parameter vectors (Pad's pads, Resize's scales/sizes/roi) reordered with the axes they
 * describe: entry {@code i} of the result is entry {@code perm[i]} of the source, within each of
 * the {@code halves} consecutive blocks (begins then ends).
 */
final class AxisVector {
    private AxisVector() {
    }

    static long[] permute(long[] v, Permutation perm, int halves) {
        int r = perm.rank();
        if (v.length != r * halves) {
            throw new IllegalArgumentException("expected " + r * halves + " values, got " + v.length);
        }
        long[] out = new long[v.length];
        for (int h = 0; h < halves; h++) {
            for (int i = 0; i < r; i++) {
                out[h * r + i] = v[h * r + perm.get(i)];
            }
        }
        return out;
    }

    static float[] permute(float[] v, Permutation perm, int halves) {
        int r = perm.rank();
        if (v.length != r * halves) {
            throw new IllegalArgumentException("expected " + r * halves + " values, got " + v.length);
        }
        float[] out = new float[v.length];
        for (int h = 0; h < halves; h++) {
            for (int i = 0; i < r; i++) {
                out[h * r + i] = v[h * r + perm.get(i)];
            }
        }
        return out;
    }

    /** The same for a rank-1 constant tensor of any dtype; values move exactly (no conversion). */
    static Tensor permute(Tensor t, Permutation perm, int halves) {
        int r = perm.rank();
        if (t.rank() != 1 || t.elementCount() != (long) r * halves) {
            throw new IllegalArgumentException("expected " + r * halves + " values, got " + t);
        }
        int eb = t.dtype().byteSize();
        java.lang.foreign.MemorySegment out = Tensor.allocate(t.byteSize());
        for (int h = 0; h < halves; h++) {
            for (int i = 0; i < r; i++) {
                java.lang.foreign.MemorySegment.copy(t.data(), (long) (h * r + perm.get(i)) * eb, out,
                        (long) (h * r + i) * eb, eb);
            }
        }
        return Tensor.of(t.dtype(), t.shape(), out, t.byteOrder());
    }
}
