package dev.rosetta.formats.pytorch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.ResourceLimitException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.error.UsageException;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.pytorch.testing.LegacyFileBuilder;
import dev.rosetta.formats.pytorch.testing.PickleBuilder;
import dev.rosetta.formats.pytorch.testing.TestFiles;
import dev.rosetta.formats.pytorch.zip.ZipWriter;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader on files assembled by hand: views, byte orders, selection, and every error it names. */
class PyTorchReaderTest {
    @TempDir
    Path dir;

    private static byte[] floats(ByteOrder order, float... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(order);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    private static Model read(Path f) {
        return PyTorchReader.read(f, FormatOptions.none());
    }

    private Path zipOf(String name, PickleBuilder pickle, Map<String, byte[]> storages) throws Exception {
        return TestFiles.torchZip(dir.resolve(name), pickle.stop().bytes(), storages);
    }

    @Test
    void contiguousViewsAreSlicesOfTheMappingAndStridedViewsAreGathered() throws Exception {
        PickleBuilder p = PickleBuilder.proto(2).emptyDict().mark()
                .str("whole").tensor("FloatStorage", "0", 6, 0, new long[]{2, 3}, new long[]{3, 1})
                .str("tail").tensor("FloatStorage", "0", 6, 2, new long[]{4}, new long[]{1})
                .str("transposed").tensor("FloatStorage", "0", 6, 0, new long[]{3, 2}, new long[]{1, 3})
                .str("expanded").tensor("FloatStorage", "0", 6, 0, new long[]{2, 3}, new long[]{0, 1})
                .str("stepped").tensor("FloatStorage", "0", 6, 1, new long[]{3}, new long[]{2})
                .str("scalar").tensor("FloatStorage", "0", 6, 5, new long[]{}, new long[]{})
                .str("empty").tensor("FloatStorage", "0", 6, 0, new long[]{0, 4}, new long[]{4, 1})
                .setItems();
        Path f = zipOf("views.pt", p, Map.of("0", floats(ByteOrder.LITTLE_ENDIAN, 0, 1, 2, 3, 4, 5)));
        try (Model m = read(f)) {
            Map<String, Tensor> t = tensors(m);
            assertArrayEquals(new float[]{0, 1, 2, 3, 4, 5}, t.get("whole").toFloatArray());
            assertArrayEquals(new float[]{2, 3, 4, 5}, t.get("tail").toFloatArray());
            assertArrayEquals(new float[]{0, 3, 1, 4, 2, 5}, t.get("transposed").toFloatArray());
            assertArrayEquals(new float[]{0, 1, 2, 0, 1, 2}, t.get("expanded").toFloatArray());
            assertArrayEquals(new float[]{1, 3, 5}, t.get("stepped").toFloatArray());
            assertArrayEquals(new float[]{5}, t.get("scalar").toFloatArray());
            assertEquals(0, t.get("scalar").rank());
            assertArrayEquals(new long[]{0, 4}, t.get("empty").shape());
            assertTrue(t.get("whole").data().isMapped() && t.get("tail").data().isMapped(), "contiguous views are not copied");
            assertFalse(t.get("transposed").data().isMapped(), "strided views are gathered");
            assertEquals(t.get("whole").data().address() + 8, t.get("tail").data().address(), "views share the storage");
            assertEquals("zip", m.metadata().get("pytorch.format"));
            assertEquals("pytorch", m.sourceFormat());
            assertFalse(m.hasComputation());
            assertTrue(m.graph().initializers().stream().allMatch(v -> v.layout() == Layout.UNKNOWN));
        }
    }

    private static Map<String, Tensor> tensors(Model m) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Value v : m.graph().initializers()) {
            out.put(v.name(), v.constant());
        }
        return out;
    }

    @Test
    void bigEndianArchivesKeepTheirByteOrder() throws Exception {
        byte[] pickle = PickleBuilder.proto(2).emptyDict().str("w")
                .tensor("FloatStorage", "0", 3, 0, new long[]{3}, new long[]{1}).op('s').stop().bytes();
        Path f = dir.resolve("big.pt");
        try (ZipWriter z = ZipWriter.create(f, 64, false)) {
            z.add("big/data.pkl", pickle);
            z.add("big/byteorder", "big".getBytes());
            z.add("big/data/0", floats(ByteOrder.BIG_ENDIAN, 1.5f, -2f, 1e-3f));
            z.add("big/version", "3".getBytes());
            z.finish();
        }
        try (Model m = read(f)) {
            Tensor t = m.graph().initializer("w").constant();
            assertEquals(ByteOrder.BIG_ENDIAN, t.byteOrder());
            assertArrayEquals(new float[]{1.5f, -2f, 1e-3f}, t.toFloatArray());
            assertEquals("big", m.metadata().get("pytorch.byteorder"));
        }
    }

    @Test
    void storageShorterThanClaimed() throws Exception {
        Path f = zipOf("short.pt", PickleBuilder.proto(2).emptyDict().str("w")
                .tensor("FloatStorage", "0", 100, 0, new long[]{100}, new long[]{1}).op('s'), Map.of("0", new byte[40]));
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> read(f));
        assertTrue(e.getMessage().contains("storage shorter than claimed"), e.getMessage());
        assertTrue(e.getMessage().contains("entry 'archive/data/0'"), e.getMessage());
    }

    @Test
    void tensorReachingPastItsStorage() throws Exception {
        Path f = zipOf("past.pt", PickleBuilder.proto(2).emptyDict().str("w")
                .tensor("FloatStorage", "0", 10, 4, new long[]{4, 2}, new long[]{2, 1}).op('s'), Map.of("0", new byte[40]));
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> read(f));
        assertTrue(e.getMessage().contains("storage shorter than the tensor claims"), e.getMessage());
        assertTrue(e.getMessage().contains("tensor 'w'"), e.getMessage());
    }

    @Test
    void overflowingShape() throws Exception {
        long big = 1L << 40;
        Path f = zipOf("overflow.pt", PickleBuilder.proto(2).emptyDict().str("w")
                .tensor("FloatStorage", "0", 1, 0, new long[]{big, big}, new long[]{big, 1}).op('s'), Map.of("0", new byte[4]));
        ResourceLimitException e = assertThrows(ResourceLimitException.class, () -> read(f));
        assertTrue(e.getMessage().contains("overflows a 64-bit integer"), e.getMessage());
        Path g = zipOf("overflow-storage.pt", PickleBuilder.proto(2).emptyDict().str("w")
                .tensor("DoubleStorage", "0", Long.MAX_VALUE / 4, 0, new long[]{1}, new long[]{1}).op('s'), Map.of("0", new byte[8]));
        assertThrows(ResourceLimitException.class, () -> read(g));
    }

    @Test
    void truncatedZip() throws Exception {
        Path f = zipOf("ok.pt", PickleBuilder.proto(2).emptyDict().str("w")
                .tensor("FloatStorage", "0", 2, 0, new long[]{2}, new long[]{1}).op('s'), Map.of("0", new byte[8]));
        byte[] whole = Files.readAllBytes(f);
        Path cut = dir.resolve("cut.pt");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 40));
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> read(cut));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void missingStorageEntryAndInconsistentStorages() throws Exception {
        Path f = zipOf("missing.pt", PickleBuilder.proto(2).emptyDict().str("w")
                .tensor("FloatStorage", "7", 2, 0, new long[]{2}, new long[]{1}).op('s'), Map.of());
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> read(f));
        assertTrue(e.getMessage().contains("no entry 'archive/data/7'"), e.getMessage());
        Path g = zipOf("twice.pt", PickleBuilder.proto(2).emptyDict().mark()
                .str("a").tensor("FloatStorage", "0", 2, 0, new long[]{2}, new long[]{1})
                .str("b").tensor("LongStorage", "0", 2, 0, new long[]{2}, new long[]{1}).setItems(), Map.of("0", new byte[16]));
        assertThrows(MalformedInputException.class, () -> read(g));
    }

    @Test
    void everyDtypeByItsStorageClass() throws Exception {
        PickleBuilder p = PickleBuilder.proto(2).emptyDict().mark();
        Map<String, byte[]> storages = new LinkedHashMap<>();
        int k = 0;
        for (Map.Entry<DType, String> e : StorageType.NAMES.entrySet()) {
            p.str(e.getKey().shortName()).tensor(e.getValue(), "" + k, 3, 0, new long[]{3}, new long[]{1});
            byte[] bytes = new byte[3 * e.getKey().byteSize()];
            bytes[0] = 1;
            storages.put("" + k++, bytes);
        }
        Path f = zipOf("dtypes.pt", p.setItems(), storages);
        try (Model m = read(f)) {
            for (DType d : StorageType.NAMES.keySet()) {
                Tensor t = m.graph().initializer(d.shortName()).constant();
                assertEquals(d, t.dtype());
                assertArrayEquals(new long[]{3}, t.shape());
            }
        }
    }

    @Test
    void complexAndQuantizedStoragesAreUnsupported() throws Exception {
        Path f = zipOf("complex.pt", PickleBuilder.proto(2).emptyDict().str("w")
                .tensor("ComplexFloatStorage", "0", 1, 0, new long[]{1}, new long[]{1}).op('s'), Map.of("0", new byte[8]));
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, () -> read(f));
        assertTrue(e.getMessage().contains("ComplexFloatStorage"), e.getMessage());
        Path g = zipOf("q.pt", PickleBuilder.proto(2).global("torch._utils", "_rebuild_qtensor"), Map.of());
        assertThrows(UnsupportedFeatureException.class, () -> read(g));
    }

    @Test
    void checkpointsPickTheirStateDict() throws Exception {
        PickleBuilder p = PickleBuilder.proto(2).emptyDict().mark()
                .str("model").global("collections", "OrderedDict").emptyTuple().reduce().mark()
                .str("fc.weight").tensor("FloatStorage", "0", 2, 0, new long[]{1, 2}, new long[]{2, 1})
                .str("fc.bias").tensor("FloatStorage", "1", 1, 0, new long[]{1}, new long[]{1}).setItems()
                .str("optimizer").emptyDict().str("buf").tensor("FloatStorage", "2", 1, 0, new long[]{1}, new long[]{1}).op('s')
                .str("epoch").integer(3)
                .setItems();
        Path f = zipOf("ckpt.pt", p, Map.of("0", floats(ByteOrder.LITTLE_ENDIAN, 1, 2), "1", floats(ByteOrder.LITTLE_ENDIAN, 3),
                "2", floats(ByteOrder.LITTLE_ENDIAN, 4)));
        try (Model m = read(f)) {
            assertEquals(List.of("fc.weight", "fc.bias"), m.graph().initializers().stream().map(Value::name).toList());
            assertEquals("model", m.metadata().get("pytorch.key"));
            String skipped = m.metadata().get("pytorch.skipped");
            assertTrue(skipped.contains("optimizer (dict, 1 tensor)") && skipped.contains("epoch (int)"), skipped);
        }
        try (Model m = PyTorchReader.read(f, FormatOptions.none().with("key", "optimizer"))) {
            assertEquals(List.of("buf"), m.graph().initializers().stream().map(Value::name).toList());
        }
        try (Model m = PyTorchReader.read(f, FormatOptions.none().with("key", "model.fc.bias"))) {
            assertEquals(List.of("model.fc.bias"), m.graph().initializers().stream().map(Value::name).toList());
        }
        UsageException e = assertThrows(UsageException.class, () -> PyTorchReader.read(f, FormatOptions.none().with("key", "nope")));
        assertTrue(e.getMessage().contains("[model, optimizer, epoch]"), e.getMessage());
        assertThrows(UsageException.class, () -> PyTorchReader.read(f, FormatOptions.none().with("key", "epoch")));
    }

    @Test
    void nestedDictsFlattenWithDottedNames() throws Exception {
        PickleBuilder p = PickleBuilder.proto(2).emptyDict().mark()
                .str("encoder").emptyDict().str("layer0").emptyDict().str("weight")
                .tensor("FloatStorage", "0", 1, 0, new long[]{1}, new long[]{1}).op('s').op('s')
                .str("decoder").emptyDict().mark().str("weight").tensor("FloatStorage", "1", 1, 0, new long[]{1}, new long[]{1})
                .str("note").str("hello").setItems()
                .setItems();
        Path f = zipOf("nested.pt", p, Map.of("0", new byte[4], "1", new byte[4]));
        try (Model m = read(f)) {
            assertEquals(List.of("encoder.layer0.weight", "decoder.weight"),
                    m.graph().initializers().stream().map(Value::name).toList());
            assertEquals("", m.metadata().get("pytorch.key"));
            assertEquals("decoder.note (str)", m.metadata().get("pytorch.skipped"));
        }
    }

    @Test
    void legacyFilesWithSharedStoragesAndViews() throws Exception {
        byte[] obj = PickleBuilder.proto(2).emptyDict().mark()
                .str("a").tensor("FloatStorage", "k1", 4, 0, new long[]{2, 2}, new long[]{2, 1}, true)
                .str("b").tensor("FloatStorage", "k1", 4, 1, new long[]{2}, new long[]{2}, true)
                .str("c").tensor("LongStorage", "k2", 1, 0, new long[]{}, new long[]{}, true)
                .setItems().stop().bytes();
        byte[] file = new LegacyFileBuilder().storage("k1", 4, floats(ByteOrder.LITTLE_ENDIAN, 1, 2, 3, 4))
                .storage("k2", 1, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(-7).array()).build(obj);
        Path f = dir.resolve("legacy.pt");
        Files.write(f, file);
        try (Model m = read(f)) {
            Map<String, Tensor> t = tensors(m);
            assertArrayEquals(new float[]{1, 2, 3, 4}, t.get("a").toFloatArray());
            assertArrayEquals(new float[]{2, 4}, t.get("b").toFloatArray());
            assertEquals(-7, t.get("c").getLong(0));
            assertEquals("legacy", m.metadata().get("pytorch.format"));
            assertTrue(t.get("a").data().isMapped());
        }
        for (int cut : new int[]{10, 40, file.length - 20, file.length - 1}) {
            Path c = dir.resolve("legacy-cut" + cut + ".pt");
            Files.write(c, Arrays.copyOf(file, cut));
            assertThrows(MalformedInputException.class, () -> read(c), "cut at " + cut);
        }
        byte[] shortStorage = new LegacyFileBuilder().storage("k1", 2, floats(ByteOrder.LITTLE_ENDIAN, 1, 2))
                .storage("k2", 1, new byte[8]).build(obj);
        Files.write(f, shortStorage);
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> read(f));
        assertTrue(e.getMessage().contains("storage shorter than claimed"), e.getMessage());
    }

    @Test
    void notATorchFile() throws Exception {
        Path empty = Files.write(dir.resolve("empty.pt"), new byte[0]);
        assertThrows(MalformedInputException.class, () -> read(empty));
        Path text = Files.writeString(dir.resolve("text.pt"), "hello world");
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> read(text));
        assertTrue(e.getMessage().contains("not a torch.save file"), e.getMessage());
        byte[] tar = new byte[1024];
        System.arraycopy("sys_info".getBytes(), 0, tar, 0, 8);
        System.arraycopy("ustar".getBytes(), 0, tar, 257, 5);
        Path t = Files.write(dir.resolve("old.tar"), tar);
        UnsupportedFeatureException u = assertThrows(UnsupportedFeatureException.class, () -> read(t));
        assertTrue(u.getMessage().contains("tar"), u.getMessage());
        Path zipNoPickle = dir.resolve("nopkl.pt");
        try (ZipWriter z = ZipWriter.create(zipNoPickle, 1, false)) {
            z.add("readme.txt", "hi".getBytes());
            z.finish();
        }
        assertTrue(assertThrows(MalformedInputException.class, () -> read(zipNoPickle)).getMessage().contains("no data.pkl"));
    }

    @Test
    void closingTheModelReleasesTheMapping() throws Exception {
        Path f = zipOf("close.pt", PickleBuilder.proto(2).emptyDict().str("w")
                .tensor("FloatStorage", "0", 1, 0, new long[]{1}, new long[]{1}).op('s'), Map.of("0", new byte[4]));
        Model m = read(f);
        Tensor t = m.graph().initializer("w").constant();
        m.close();
        m.close();
        assertThrows(IllegalStateException.class, () -> t.getDouble(0));
    }

    @Test
    void parametersAndTopLevelTensorsAndLists() throws Exception {
        PickleBuilder p = PickleBuilder.proto(2).global("torch._utils", "_rebuild_parameter").mark()
                .tensor("FloatStorage", "0", 1, 0, new long[]{1}, new long[]{1}).op(0x88)
                .global("collections", "OrderedDict").emptyTuple().reduce().tuple().reduce();
        try (Model m = read(zipOf("param.pt", p, Map.of("0", new byte[4])))) {
            assertEquals("tensor", m.graph().initializers().getFirst().name());
        }
        PickleBuilder l = PickleBuilder.proto(2).op(']').mark()
                .tensor("FloatStorage", "0", 1, 0, new long[]{1}, new long[]{1}).integer(5).op('e');
        try (Model m = read(zipOf("list.pt", l, Map.of("0", new byte[4])))) {
            assertEquals(List.of("0"), m.graph().initializers().stream().map(Value::name).toList());
            assertEquals("1 (int)", m.metadata().get("pytorch.skipped"));
        }
        try (Model m = read(zipOf("none.pt", PickleBuilder.proto(2).op('N'), Map.of()))) {
            assertInstanceOf(Model.class, m);
            assertEquals(0, m.graph().initializers().size());
        }
    }
}
