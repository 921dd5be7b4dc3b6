package dev.rosetta.formats.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.error.InvalidGraphException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.FileProbe;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.FormatProvider;
import dev.rosetta.formats.FormatRegistry;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SafetensorsRoundTripTest {
    private final SafetensorsFormat format = new SafetensorsFormat();

    @TempDir
    Path dir;

    /** A tensor of {@code dtype} with varied, deterministic content. */
    static Tensor sample(DType dtype, long[] shape, long seed) {
        long n = Tensor.elementCount(shape);
        double[] v = new double[(int) n];
        Random r = new Random(seed);
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (dtype) {
                case BOOL -> r.nextBoolean() ? 1 : 0;
                case UINT8 -> r.nextInt(256);
                case INT8 -> r.nextInt(256) - 128;
                case INT16 -> r.nextInt(65536) - 32768;
                case INT32 -> r.nextInt();
                case INT64 -> r.nextLong() >> 11;
                default -> r.nextGaussian() * 100;
            };
        }
        return Tensor.fromDoubles(dtype, shape, v);
    }

    static Model modelOf(Map<String, Tensor> tensors, Map<String, String> metadata) {
        Graph g = new Graph("m");
        tensors.forEach((k, t) -> g.addInitializer(Value.constant(k, t, Layout.UNKNOWN)));
        return new Model(g, "test", Map.of(), metadata);
    }

    private Model roundTrip(Model m) throws Exception {
        Path p = dir.resolve("m.safetensors");
        format.write(m, p, FormatOptions.none());
        return format.read(p, FormatOptions.none());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void everyDtypeRoundTripsBitExactly(DType dtype) throws Exception {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("a.weight", sample(dtype, new long[] {3, 4, 5}, 1));
        in.put("scalar", sample(dtype, new long[] {}, 2));
        in.put("empty", sample(dtype, new long[] {0, 7}, 3));
        in.put("vector", sample(dtype, new long[] {17}, 4));
        try (Model out = roundTrip(modelOf(in, Map.of()))) {
            assertEquals(in.size(), out.graph().initializers().size());
            assertFalse(out.hasComputation());
            assertEquals("safetensors", out.sourceFormat());
            for (var e : in.entrySet()) {
                Value v = out.graph().initializer(e.getKey());
                assertTrue(v.constant().contentEquals(e.getValue()), e.getKey());
                assertEquals(dtype, v.dtype());
            }
        }
    }

    @Test
    void mixedDtypesMetadataAndAlignment() throws Exception {
        Map<String, Tensor> in = new LinkedHashMap<>();
        int i = 0;
        for (DType t : DType.values()) {
            in.put("t" + i + "." + t.shortName(), sample(t, new long[] {2, 3}, i));
            i++;
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("quote\"and\\slash", "line\nbreak \u00e9\u4e2d\u0001");
        Path p = dir.resolve("mixed.safetensors");
        format.write(modelOf(in, meta), p, FormatOptions.none());

        byte[] bytes = Files.readAllBytes(p);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8, "header length is padded to a multiple of 8");
        try (Model out = format.read(p, FormatOptions.none())) {
            assertEquals(meta, out.metadata());
            for (var e : in.entrySet()) {
                assertTrue(out.graph().initializer(e.getKey()).constant().contentEquals(e.getValue()), e.getKey());
            }
            SafetensorsHeader h = SafetensorsHeader.parse(p, MemorySegment.ofArray(bytes));
            for (SafetensorsHeader.Entry e : h.entries()) {
                assertEquals(0, e.begin() % e.dtype().byteSize(), e.name() + " is aligned to its element size");
            }
            assertTrue(format.detect(FileProbe.of(p)));
        }
    }

    @Test
    void bigEndianTensorsAreWrittenLittleEndian() throws Exception {
        Tensor le = sample(DType.FLOAT32, new long[] {5}, 9);
        Tensor be = le.withByteOrder(ByteOrder.BIG_ENDIAN);
        Tensor le64 = sample(DType.INT64, new long[] {3}, 10);
        try (Model out = roundTrip(modelOf(Map.of("x", be, "y", le64.withByteOrder(ByteOrder.BIG_ENDIAN)), Map.of()))) {
            Tensor x = out.graph().initializer("x").constant();
            assertEquals(ByteOrder.LITTLE_ENDIAN, x.byteOrder());
            assertArrayEquals(le.toFloatArray(), x.toFloatArray());
            assertArrayEquals(le64.toLongArray(), out.graph().initializer("y").constant().toLongArray());
        }
    }

    @Test
    void tensorsLargerThanTheStreamingChunkAreCopiedWhole() throws Exception {
        Tensor big = sample(DType.FLOAT64, new long[] {3 * 131072 + 5}, 11); // ~3 MiB, not a chunk multiple
        try (Model out = roundTrip(modelOf(Map.of("big", big, "small", sample(DType.INT8, new long[] {3}, 12)), Map.of()))) {
            assertTrue(out.graph().initializer("big").constant().contentEquals(big));
        }
    }

    @Test
    void readTensorsAreMappedAndDieWithTheModel() throws Exception {
        Model out = roundTrip(modelOf(Map.of("w", sample(DType.FLOAT32, new long[] {4, 4}, 5)), Map.of()));
        Tensor t = out.graph().initializer("w").constant();
        assertTrue(t.data().isMapped(), "tensor bytes are a slice of the mapping, not a copy");
        assertEquals(Layout.UNKNOWN, out.graph().initializer("w").layout());
        out.close();
        out.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> t.data().get(ValueLayout.JAVA_BYTE, 0));
    }

    @Test
    void vectorsAreTaggedWithoutLayout() throws Exception {
        try (Model out = roundTrip(modelOf(Map.of("b", sample(DType.FLOAT32, new long[] {4}, 5)), Map.of()))) {
            assertEquals(Layout.NONE, out.graph().initializer("b").layout());
        }
    }

    @Test
    void emptyModelRoundTrips() throws Exception {
        try (Model out = roundTrip(modelOf(Map.of(), Map.of()))) {
            assertTrue(out.graph().initializers().isEmpty());
        }
    }

    @Test
    void writerRefusesAMetadataNamedTensorAndDuplicateNames() {
        Model m = modelOf(Map.of("__metadata__", sample(DType.FLOAT32, new long[] {1}, 1)), Map.of());
        assertThrows(UnsupportedFeatureException.class, () -> format.write(m, dir.resolve("x.safetensors"), FormatOptions.none()));
        Graph g = new Graph("dup");
        g.addInitializer(Value.constant("w", sample(DType.FLOAT32, new long[] {1}, 1), Layout.NONE));
        g.addInitializer(Value.constant("w", sample(DType.FLOAT32, new long[] {1}, 2), Layout.NONE));
        Model dup = new Model(g, "test");
        InvalidGraphException e = assertThrows(InvalidGraphException.class,
                () -> format.write(dup, dir.resolve("y.safetensors"), FormatOptions.none()));
        assertTrue(e.getMessage().contains("'w'"), e.getMessage());
    }

    @Test
    void providerIsRegisteredAndClaimsItsExtension() {
        FormatRegistry reg = FormatRegistry.load();
        FormatProvider p = reg.byName("safetensors");
        assertSame(SafetensorsFormat.class, p.getClass());
        assertSame(SafetensorsFormat.class, reg.forOutput(Path.of("out/model.safetensors")).getClass());
        assertTrue(p.canRead() && p.canWrite());
        assertEquals(List.of(".safetensors"), p.extensions());
    }

    @Test
    void detectionIsByContent() throws Exception {
        Path notIt = dir.resolve("fake.safetensors");
        Files.write(notIt, "PK\u0003\u0004 not safetensors at all".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertFalse(format.detect(FileProbe.of(notIt)));
        Path it = dir.resolve("renamed.bin");
        format.write(modelOf(Map.of("w", sample(DType.FLOAT32, new long[] {2}, 1)), Map.of()), it, FormatOptions.none());
        assertTrue(format.detect(FileProbe.of(it)));
        assertSame(SafetensorsFormat.class, FormatRegistry.load().detect(it).getClass());
        assertFalse(format.detect(FileProbe.of(dir)));
    }

    @Test
    void initializerOrderFollowsTheFileOffsets() throws Exception {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("c", sample(DType.FLOAT32, new long[] {2}, 1));
        in.put("a", sample(DType.FLOAT32, new long[] {2}, 2));
        in.put("b", sample(DType.FLOAT32, new long[] {2}, 3));
        try (Model out = roundTrip(modelOf(in, Map.of()))) {
            List<String> names = new ArrayList<>();
            out.graph().initializers().forEach(v -> names.add(v.name()));
            assertEquals(List.of("c", "a", "b"), names);
        }
    }
}
