package dev.rosetta.formats.numpy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.ir.DType;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class NpyRoundTripTest {
    @TempDir
    Path dir;

    static Stream<Arguments> dtypesAndOrders() {
        List<Arguments> out = new ArrayList<>();
        for (DType t : DType.values()) {
            out.add(Arguments.of(t, ByteOrder.LITTLE_ENDIAN));
            out.add(Arguments.of(t, ByteOrder.BIG_ENDIAN));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dtypesAndOrders")
    void writesAndReadsEveryDtypeFromEitherByteOrder(DType t, ByteOrder order) {
        Tensor source = Fixtures.sample(t, order, 2, 3);
        Path file = dir.resolve("x.npy");
        NumpyFiles.writeNpy(file, source);
        try (Model m = NumpyFiles.read(file)) {
            Tensor back = m.graph().initializer("x").constant();
            assertEquals(t, back.dtype());
            assertArrayEquals(new long[] {2, 3}, back.shape());
            assertEquals(ByteOrder.LITTLE_ENDIAN, back.byteOrder(), "written files are little-endian");
            assertTrue(back.contentEquals(source));
            assertTrue(back.data().isMapped(), "C-order data is a view of the mapped file");
        }
        assertTrue(NumpyFiles.readTensor(file).contentEquals(source));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dtypesAndOrders")
    void readsEitherByteOrderInPlace(DType t, ByteOrder order) {
        byte[] data = Fixtures.data(t, order, false, 3, 4);
        Path file = Fixtures.write(dir.resolve("a.npy"), Fixtures.npy(Fixtures.descr(t, order), false, "(3, 4)", data));
        try (Model m = NumpyFiles.read(file)) {
            Tensor back = m.graph().initializer("a").constant();
            assertEquals(t.byteSize() == 1 ? ByteOrder.LITTLE_ENDIAN : order, back.byteOrder(),
                    "the tensor keeps the file's byte order");
            assertTrue(back.data().isMapped());
            for (int i = 0; i < 12; i++) {
                assertEquals(Fixtures.value(t, i), back.getDouble(i), "element " + i);
            }
        }
        Tensor copy = NumpyFiles.readTensor(file);
        assertEquals(ByteOrder.LITTLE_ENDIAN, copy.byteOrder());
        assertTrue(copy.contentEquals(Fixtures.sample(t, 3, 4)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dtypesAndOrders")
    void transposesFortranOrder(DType t, ByteOrder order) {
        byte[] data = Fixtures.data(t, order, true, 2, 3, 4);
        Path file = Fixtures.write(dir.resolve("f.npy"), Fixtures.npy(Fixtures.descr(t, order), true, "(2, 3, 4)", data));
        try (Model m = NumpyFiles.read(file)) {
            Tensor back = m.graph().initializer("f").constant();
            assertFalse(back.data().isMapped(), "Fortran order is copied into C order");
            assertArrayEquals(new long[] {2, 3, 4}, back.shape());
            for (int i = 0; i < 24; i++) {
                assertEquals(Fixtures.value(t, i), back.getDouble(i), "element " + i);
            }
        }
    }

    @Test
    void fortranOrderOfAVectorNeedsNoCopy() {
        byte[] data = Fixtures.data(DType.INT32, ByteOrder.LITTLE_ENDIAN, true, 1, 5);
        Path file = Fixtures.write(dir.resolve("v.npy"), Fixtures.npy("<i4", true, "(1, 5)", data));
        try (Model m = NumpyFiles.read(file)) {
            Tensor back = m.graph().initializers().getFirst().constant();
            assertTrue(back.data().isMapped());
            assertArrayEquals(new long[] {-5, -4, -3, -2, -1}, back.toLongArray());
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void roundTripsZeroDimensionalArrays(DType t) {
        Tensor scalar = Fixtures.sample(t, new long[0]);
        Path file = dir.resolve("s.npy");
        NumpyFiles.writeNpy(file, scalar);
        assertTrue(new String(readBytes(file), StandardCharsets.ISO_8859_1).contains("'shape': (), }"));
        Tensor back = NumpyFiles.readTensor(file);
        assertEquals(0, back.rank());
        assertTrue(back.contentEquals(scalar));
    }

    @Test
    void roundTripsEmptyArrays() {
        for (long[] shape : new long[][] {{0}, {3, 0, 2}, {0, 0}}) {
            Tensor empty = Tensor.of(DType.FLOAT32, shape, java.lang.foreign.MemorySegment.ofArray(new byte[0]),
                    ByteOrder.LITTLE_ENDIAN);
            Path file = dir.resolve("e.npy");
            NumpyFiles.writeNpy(file, empty);
            Tensor back = NumpyFiles.readTensor(file);
            assertArrayEquals(shape, back.shape());
            assertEquals(0, back.byteSize());
        }
        byte[] fortranEmpty = Fixtures.npy("<i8", true, "(4, 0, 3)", new byte[0]);
        Tensor back = NumpyFiles.readTensor(Fixtures.write(dir.resolve("fe.npy"), fortranEmpty));
        assertArrayEquals(new long[] {4, 0, 3}, back.shape());
    }

    @Test
    void bfloat16UsesTheBfloat16Descr() {
        Tensor bf = Fixtures.sample(DType.BFLOAT16, 4);
        Path file = dir.resolve("bf.npy");
        NumpyFiles.writeNpy(file, bf);
        assertTrue(new String(readBytes(file), StandardCharsets.ISO_8859_1).contains("'descr': 'bfloat16'"));
        assertTrue(NumpyFiles.readTensor(file).contentEquals(bf));
        byte[] big = Fixtures.npy(">bfloat16", false, "(4,)", Fixtures.data(DType.BFLOAT16, ByteOrder.BIG_ENDIAN, false, 4));
        assertTrue(NumpyFiles.readTensor(Fixtures.write(dir.resolve("bfbe.npy"), big)).contentEquals(bf));
    }

    @Test
    void headerIsPaddedToSixtyFourBytesAndEndsInNewline() {
        for (long[] shape : new long[][] {{}, {7}, {2, 3}, {123456789, 0, 1, 1, 1, 1, 1, 1, 1}}) {
            byte[] h = NpyWriter.header(DType.FLOAT32, shape);
            assertEquals(0, h.length % 64, "header of " + java.util.Arrays.toString(shape));
            assertEquals('\n', h[h.length - 1]);
            assertEquals(1, h[6], "version 1.0");
        }
    }

    @Test
    void readsFormatVersionsTwoAndThree() {
        byte[] data = Fixtures.data(DType.FLOAT64, ByteOrder.LITTLE_ENDIAN, false, 2, 2);
        for (int major : new int[] {2, 3}) {
            byte[] npy = Fixtures.npy(major, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", data);
            Tensor back = NumpyFiles.readTensor(Fixtures.write(dir.resolve("v" + major + ".npy"), npy));
            assertTrue(back.contentEquals(Fixtures.sample(DType.FLOAT64, 2, 2)), "version " + major);
        }
    }

    @Test
    void npzRoundTripKeepsNamesOrderAndValues() {
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("weights", Fixtures.sample(DType.FLOAT32, 3, 4));
        arrays.put("layer1/bias", Fixtures.sample(DType.FLOAT64, ByteOrder.BIG_ENDIAN, 4));
        arrays.put("a_mask", Fixtures.sample(DType.BOOL, 5));
        arrays.put("scalar", Fixtures.sample(DType.INT64, new long[0]));
        arrays.put("empty", Fixtures.sample(DType.INT16, 0, 2));
        Path file = dir.resolve("all.npz");
        NumpyFiles.writeNpz(file, arrays);
        Map<String, Tensor> back = NumpyFiles.readAll(file);
        assertEquals(List.copyOf(arrays.keySet()), List.copyOf(back.keySet()));
        for (String k : arrays.keySet()) {
            assertTrue(back.get(k).contentEquals(arrays.get(k)), k);
        }
        try (Model m = NumpyFiles.read(file)) {
            assertTrue(m.graph().initializer("weights").constant().data().isMapped(), "stored entries are mapped");
        }
    }

    @Test
    void readsDeflatedNpzEntries() throws IOException {
        Path file = dir.resolve("c.npz");
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("x", Fixtures.sample(DType.FLOAT32, 64, 64));
        arrays.put("y", Fixtures.sample(DType.UINT8, 10));
        arrays.put("z", Fixtures.sample(DType.INT8, 0));
        ZipFixtures.writeDeflated(file, arrays);
        try (Model m = NumpyFiles.read(file)) {
            Tensor x = m.graph().initializer("x").constant();
            assertFalse(x.data().isMapped(), "deflated entries are inflated");
            for (String k : arrays.keySet()) {
                assertTrue(m.graph().initializer(k).constant().contentEquals(arrays.get(k)), k);
            }
        }
    }

    @Test
    void zip64StructuresRoundTrip() throws IOException {
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("a", Fixtures.sample(DType.FLOAT16, 3));
        arrays.put("b", Fixtures.sample(DType.INT32, 2, 2));
        Path file = dir.resolve("z64.npz");
        NpzWriter.write(arrays, file, true);
        Map<String, Tensor> back = NumpyFiles.readAll(file);
        assertTrue(back.get("a").contentEquals(arrays.get("a")));
        assertTrue(back.get("b").contentEquals(arrays.get("b")));
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            assertEquals(2, zip.size(), "the JDK's zip reader accepts our zip64 records");
            assertEquals(NpyWriter.encodedSize(arrays.get("b")), zip.getEntry("b.npy").getSize());
        }
    }

    @Test
    void modelShapeFollowsTheFile() {
        Path npy = dir.resolve("input.npy");
        NumpyFiles.writeNpy(npy, Fixtures.sample(DType.FLOAT32, 1, 3));
        Model m = NumpyFiles.read(npy);
        assertEquals("input.npy", m.graph().name());
        assertEquals("numpy", m.sourceFormat());
        assertFalse(m.hasComputation());
        assertEquals(1, m.graph().initializers().size());
        Value v = m.graph().initializers().getFirst();
        assertEquals("input", v.name());
        Tensor mapped = v.constant();
        m.close();
        m.close();
        assertThrows(IllegalStateException.class, () -> mapped.getDouble(0), "tensors die with their model");
    }

    private static byte[] readBytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
