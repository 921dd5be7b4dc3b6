package dev.rosetta.layout.testing;

import dev.rosetta.ir.Tensor;
import java.util.Arrays;

/** A dense double array with a shape: the values of the reference evaluator (test code only). */
public record Nd(long[] shape, double[] data) {
    public Nd {
        if (Tensor.elementCount(shape) != data.length) {
            throw new IllegalArgumentException(Arrays.toString(shape) + " vs " + data.length);
        }
    }

    public static Nd of(Tensor t) {
        return new Nd(t.shape(), t.toDoubleArray());
    }

    public int rank() {
        return shape.length;
    }

    public long[] strides() {
        long[] s = new long[shape.length];
        long acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** Naive transpose. */
    public Nd transpose(int... perm) {
        long[] out = new long[perm.length];
        for (int i = 0; i < perm.length; i++) {
            out[i] = shape[perm[i]];
        }
        long[] st = strides();
        double[] d = new double[data.length];
        long[] idx = new long[perm.length];
        for (int o = 0; o < d.length; o++) {
            long s = 0;
            for (int k = 0; k < perm.length; k++) {
                s += idx[k] * st[perm[k]];
            }
            d[o] = data[(int) s];
            for (int k = perm.length - 1; k >= 0; k--) {
                if (++idx[k] < out[k]) {
                    break;
                }
                idx[k] = 0;
            }
        }
        return new Nd(out, d);
    }

    public Nd reshape(long... s) {
        return new Nd(s, data);
    }

    public double maxAbsDiff(Nd o) {
        if (!Arrays.equals(shape, o.shape)) {
            throw new AssertionError("shapes differ: " + Arrays.toString(shape) + " vs " + Arrays.toString(o.shape));
        }
        double m = 0;
        for (int i = 0; i < data.length; i++) {
            m = Math.max(m, Math.abs(data[i] - o.data[i]));
        }
        return m;
    }

    @Override
    public String toString() {
        return "Nd" + Arrays.toString(shape);
    }
}
