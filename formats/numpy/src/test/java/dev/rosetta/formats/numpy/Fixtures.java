package dev.rosetta.formats.numpy;

import dev.rosetta.ir.DType;
import dev.rosetta.ir.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Hand-made .npy bytes and sample tensors whose element {@code i} is {@link #value}. */
final class Fixtures {
    private Fixtures() {
    }

    /** The sample value at C-order index {@code i}; the Python oracle computes the same. */
    static double value(DType t, long i) {
        return switch (t) {
            case FLOAT16, BFLOAT16, FLOAT32, FLOAT64 -> i * 0.25 - 3;
            case UINT8 -> (i * 10) % 256;
            case BOOL -> i % 3 == 0 ? 1 : 0;
            default -> i - 5;
        };
    }

    /** A little-endian sample tensor. */
    static Tensor sample(DType t, long... shape) {
        long n = Tensor.elementCount(shape);
        double[] v = new double[(int) n];
        for (int i = 0; i < n; i++) {
            v[i] = value(t, i);
        }
        return Tensor.fromDoubles(t, shape, v);
    }

    /** A sample tensor whose bytes are in {@code order}. */
    static Tensor sample(DType t, ByteOrder order, long... shape) {
        return sample(t, shape).withByteOrder(order);
    }

    /** The sample's element bytes in {@code order}, laid out in Fortran order when asked. */
    static byte[] data(DType t, ByteOrder order, boolean fortran, long... shape) {
        Tensor c = sample(t, shape);
        int w = t.byteSize();
        long n = c.elementCount();
        MemorySegment out = MemorySegment.ofArray(new byte[(int) (n * w)]);
        long[] index = new long[shape.length];
        for (long i = 0; i < n; i++) {
            // i is the C-order index; find where Fortran order puts that element.
            long rest = i;
            for (int k = shape.length - 1; k >= 0; k--) {
                index[k] = rest % shape[k];
                rest /= shape[k];
            }
            long f = 0;
            for (int k = shape.length - 1; k >= 0; k--) {
                f = f * shape[k] + index[k];
            }
            long at = fortran ? f : i;
            Tensor.put(out, t, order, at, c.getDouble(i));
        }
        return out.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }

    /** A version-{@code major} .npy stream with the given header dict text and data. */
    static byte[] npy(int major, String dict, byte[] data) {
        byte[] text = (dict + "\n").getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int pre = major == 1 ? 10 : 12;
        ByteBuffer b = ByteBuffer.allocate(pre + text.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(NpyHeader.MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) text.length);
        } else {
            b.putInt(text.length);
        }
        return b.put(text).put(data).array();
    }

    /** A version 1.0 .npy with a header of NumPy's shape. */
    static byte[] npy(String descr, boolean fortran, String shape, byte[] data) {
        return npy(1, "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False")
                + ", 'shape': " + shape + ", }", data);
    }

    static Path write(Path file, byte[] bytes) {
        try {
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String descr(DType t, ByteOrder order) {
        return new NpyDescr(t, order).encode();
    }
}
