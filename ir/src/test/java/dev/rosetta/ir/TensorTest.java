package dev.rosetta.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.error.InvalidGraphException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void everyDtypeRoundTripsThroughDoubles() {
        double[] values = {0, 1, -2, 3.5, 100};
        for (DType t : DType.values()) {
            double[] expected = switch (t) {
                case UINT8 -> new double[] {0, 1, 254, 3, 100};
                case BOOL -> new double[] {0, 1, 1, 1, 1};
                case INT8, INT16, INT32, INT64 -> new double[] {0, 1, -2, 3, 100};
                default -> values;
            };
            Tensor tensor = Tensor.fromDoubles(t, new long[] {5}, values);
            assertEquals(5L * t.byteSize(), tensor.byteSize(), t.name());
            assertArrayEquals(expected, tensor.toDoubleArray(), 0.0, t.name());
            Tensor swapped = tensor.withByteOrder(ByteOrder.BIG_ENDIAN);
            assertArrayEquals(expected, swapped.toDoubleArray(), 0.0, t.name() + " big-endian");
            assertTrue(tensor.contentEquals(swapped));
        }
    }

    @Test
    void bfloat16RoundsToNearestEven() {
        Tensor t = Tensor.fromDoubles(DType.BFLOAT16, new long[] {3}, 1.0, 1.00390625, Float.NaN);
        assertEquals(1.0, t.getDouble(0));
        assertEquals(1.0, t.getDouble(1)); // halfway between 1 and 1.0078125 rounds to even
        assertTrue(Double.isNaN(t.getDouble(2)));
    }

    @Test
    void overflowingShapeIsRejected() {
        InvalidGraphException e = assertThrows(InvalidGraphException.class,
                () -> Tensor.elementCount(new long[] {1L << 40, 1L << 40}));
        assertTrue(e.getMessage().contains("overflows"), e.getMessage());
        assertThrows(InvalidGraphException.class, () -> Tensor.elementCount(new long[] {2, -1}));
    }

    @Test
    void dataIsReadOnlyAndShapeIsCopied() {
        long[] shape = {2};
        Tensor t = Tensor.ofFloats(shape, 1f, 2f);
        shape[0] = 5;
        assertArrayEquals(new long[] {2}, t.shape());
        t.shape()[0] = 7;
        assertArrayEquals(new long[] {2}, t.shape());
        assertTrue(t.data().isReadOnly());
    }

    @Test
    void tensorOverTwoGibibytesIsAddressable() {
        long n = (1L << 31) / 4 + 16; // just over 2 GiB of float32
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(n * 4);
            Tensor.put(seg, DType.FLOAT32, ByteOrder.LITTLE_ENDIAN, n - 1, 42.5);
            Tensor t = Tensor.of(DType.FLOAT32, new long[] {n}, seg, ByteOrder.LITTLE_ENDIAN);
            assertEquals(42.5, t.getDouble(n - 1));
            assertEquals(n * 4, t.byteSize());
        }
    }

    @Test
    void readingAfterTheOwnerClosesFailsClearly() {
        Arena arena = Arena.ofShared();
        MemorySegment seg = arena.allocate(8);
        Tensor t = Tensor.of(DType.FLOAT32, new long[] {2}, seg, ByteOrder.LITTLE_ENDIAN);
        Model m = new Model(new Graph("g"), "test");
        m.own(arena);
        m.close();
        m.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> t.getDouble(0));
        assertThrows(IllegalStateException.class, m::graph);
    }

    @Test
    void dtypeLookupsRejectUnknownNames() {
        assertEquals(DType.FLOAT32, DType.fromOnnx(1));
        assertEquals(DType.BFLOAT16, DType.fromTorch("bfloat16"));
        assertEquals(DType.INT64, DType.fromNumpy("i8"));
        assertEquals(DType.BOOL, DType.fromSafetensors("BOOL"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DType.fromOnnx(8));
        assertTrue(e.getMessage().contains("unsupported ONNX data type 8"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DType.fromTorch("complex64"));
    }

    /** A deferred tensor that reverses {@code src}'s float elements and counts its fills. */
    private static Tensor reversed(Tensor src, int[] fills) {
        return Tensor.deferred(DType.FLOAT32, src.shape(), ByteOrder.LITTLE_ENDIAN, dst -> {
            fills[0]++;
            float[] v = src.toFloatArray();
            for (int i = 0; i < v.length; i++) {
                dst.setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN),
                        i, v[v.length - 1 - i]);
            }
        });
    }

    @Test
    void deferredTensorStreamsWithoutKeepingThenComputesOnceOnRead() {
        int[] fills = {0};
        Tensor t = reversed(Tensor.ofFloats(new long[] {2, 2}, 1, 2, 3, 4), fills);
        assertTrue(t.isDeferred());
        assertEquals(16, t.byteSize());
        MemorySegment out = MemorySegment.ofArray(new float[4]);
        t.copyTo(out);
        t.copyTo(out);
        assertEquals(2, fills[0]);
        assertTrue(t.isDeferred(), "copyTo keeps nothing");
        assertArrayEquals(new float[] {4, 3, 2, 1}, out.toArray(java.lang.foreign.ValueLayout.JAVA_FLOAT));
        Tensor view = t.reshape(4);
        assertTrue(view.isDeferred());
        assertArrayEquals(new float[] {4, 3, 2, 1}, t.toFloatArray());
        assertArrayEquals(new float[] {4, 3, 2, 1}, view.toFloatArray());
        t.data();
        assertEquals(3, fills[0], "the first read computes and keeps the bytes; later reads (and views) reuse them");
        assertTrue(!t.isDeferred() && t.data().isReadOnly());
        assertThrows(IllegalArgumentException.class, () -> t.copyTo(MemorySegment.ofArray(new byte[15])));
        assertThrows(InvalidGraphException.class,
                () -> Tensor.deferred(DType.FLOAT32, new long[] {-1}, ByteOrder.LITTLE_ENDIAN, d -> { }));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"FLOAT16, LITTLE_ENDIAN", "FLOAT16, BIG_ENDIAN",
        "BFLOAT16, LITTLE_ENDIAN", "BFLOAT16, BIG_ENDIAN"})
    void halfPrecisionToFloatArrayMatchesElementReads(DType dtype, String orderName) {
        java.nio.ByteOrder order = orderName.equals("BIG_ENDIAN") ? java.nio.ByteOrder.BIG_ENDIAN
                : java.nio.ByteOrder.LITTLE_ENDIAN;
        int n = 10_000;
        java.lang.foreign.MemorySegment seg = Tensor.allocate(2L * n);
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < n; i++) {
            Tensor.put(seg, dtype, order, i, i % 97 == 0 ? Double.NaN : r.nextGaussian() * 1000);
        }
        Tensor t = Tensor.of(dtype, new long[] {n}, seg, order);
        float[] all = t.toFloatArray();
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToIntBits((float) t.getDouble(i)), Float.floatToIntBits(all[i]), "element " + i);
        }
    }
}
