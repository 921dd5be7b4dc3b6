package dev.rosetta.formats.pytorch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.error.UsageException;
import dev.rosetta.formats.AtomicOutput;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.MappedFile;
import dev.rosetta.formats.pytorch.pickle.PickleLimits;
import dev.rosetta.formats.pytorch.pickle.PyDict;
import dev.rosetta.formats.pytorch.pickle.SafeUnpickler;
import dev.rosetta.formats.pytorch.zip.ZipArchive;
import dev.rosetta.formats.pytorch.zip.ZipRecord;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer's archive layout and round trips through the reader (the real-PyTorch check is in TorchOracleTest). */
class PyTorchWriterTest {
    @TempDir
    Path dir;

    static Model modelOf(SequencedMap<String, Tensor> tensors) {
        Graph g = new Graph("m");
        tensors.forEach((k, t) -> g.addInitializer(Value.constant(k, t, Layout.UNKNOWN)));
        return new Model(g, "test");
    }

    static SequencedMap<String, Tensor> everyDtype() {
        SequencedMap<String, Tensor> m = new LinkedHashMap<>();
        double[] values = {0, 1, -1.5, 127, -128, 255, 3.25, 1e4};
        for (DType d : DType.values()) {
            m.put("t_" + d.shortName(), Tensor.fromDoubles(d, new long[]{2, 4}, values));
        }
        m.put("scalar", Tensor.ofFloats(new long[]{}, 2.5f));
        m.put("empty", Tensor.ofFloats(new long[]{0, 3}));
        m.put("big_endian", Tensor.ofLongs(new long[]{3}, 1, -2, Long.MAX_VALUE).withByteOrder(ByteOrder.BIG_ENDIAN));
        m.put("be_half", Tensor.fromDoubles(DType.FLOAT16, new long[]{2}, 1.5, -3).withByteOrder(ByteOrder.BIG_ENDIAN));
        m.put("float_array_backed", Tensor.of(DType.FLOAT32, new long[]{3}, MemorySegment.ofArray(new float[]{1, -2, 4}),
                ByteOrder.nativeOrder()));
        return m;
    }

    @Test
    void roundTripsEveryDtypeThroughTheReader() throws Exception {
        SequencedMap<String, Tensor> in = everyDtype();
        Path f = dir.resolve("all.pt");
        AtomicOutput.write(f, tmp -> new PyTorchFormat().write(modelOf(in), tmp, FormatOptions.none()));
        try (Model m = new PyTorchFormat().read(f, FormatOptions.none())) {
            List<Value> inits = m.graph().initializers();
            assertEquals(new ArrayList<>(in.keySet()), inits.stream().map(Value::name).toList());
            for (Value v : inits) {
                Tensor want = in.get(v.name());
                assertTrue(v.constant().contentEquals(want), v.name());
                assertEquals(ByteOrder.LITTLE_ENDIAN, v.constant().byteOrder(), "written little-endian");
            }
        }
    }

    @Test
    void archiveLayoutIsPyTorchs() throws Exception {
        Path f = dir.resolve("layout.pt");
        PyTorchWriter.write(everyDtype(), f, "resnet");
        try (MappedFile mf = MappedFile.open(f)) {
            ZipArchive z = ZipArchive.read(mf);
            List<String> names = z.records().stream().map(ZipRecord::name).toList();
            assertEquals("resnet/data.pkl", names.getFirst());
            assertEquals("resnet/byteorder", names.get(1));
            assertEquals("resnet/data/0", names.get(2));
            assertEquals("resnet/version", names.getLast());
            for (ZipRecord r : z.records()) {
                assertTrue(r.isStored(), r.name());
                assertEquals(0, r.dataOffset() % 64, r.name() + " aligned to 64 bytes");
            }
            assertEquals("little", text(z, "resnet/byteorder"));
            assertEquals("3", text(z, "resnet/version").trim());
            // data.pkl names only the globals torch.load(weights_only=True) allows
            Set<String> named = new java.util.TreeSet<>();
            TorchGlobals allow = new TorchGlobals(false);
            MemorySegment pkl = z.data(z.find("resnet/data.pkl").orElseThrow());
            Object root = new SafeUnpickler(f, "data.pkl", pkl, 0, pkl.byteSize(), (mod, name) -> {
                named.add(mod + "." + name);
                return allow.resolve(mod, name);
            }, new StorageLoader(), PickleLimits.defaults()).load();
            assertTrue(((PyDict) root).isOrdered());
            for (String g : named) {
                assertTrue(g.equals("collections.OrderedDict") || g.equals("torch._utils._rebuild_tensor_v2")
                        || g.matches("torch\\.[A-Za-z0-9]+Storage"), g);
            }
        }
    }

    private static String text(ZipArchive z, String name) {
        return new String(z.data(z.find(name).orElseThrow()).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII);
    }

    @Test
    void largeShapesUseLongIntegers() {
        long huge = 5_000_000_000L;
        byte[] pkl = TorchPickleWriter.stateDict(List.of(new TorchPickleWriter.Entry("w", DType.INT8, new long[]{huge, 1}, "0"),
                new TorchPickleWriter.Entry("v", DType.FLOAT32, new long[]{70_000, 3, 2, 1, 1}, "1")));
        PyDict d = (PyDict) new SafeUnpickler(Path.of("x"), "data.pkl", MemorySegment.ofArray(pkl), new TorchGlobals(false),
                new StorageLoader()).load();
        TensorRef w = (TensorRef) d.get("w");
        assertArrayEquals(new long[]{huge, 1}, w.size());
        assertEquals(huge, w.storage().numel());
        TensorRef v = (TensorRef) d.get("v");
        assertArrayEquals(new long[]{6, 2, 1, 1, 1}, v.stride());
    }

    @Test
    void refusesDuplicateNamesAndBadArchiveNames() {
        Graph g = new Graph("dup");
        g.addInitializer(Value.constant("w", Tensor.ofFloats(new long[]{1}, 1f), Layout.UNKNOWN));
        g.addInitializer(Value.constant("w", Tensor.ofFloats(new long[]{1}, 2f), Layout.UNKNOWN));
        assertThrows(UnsupportedFeatureException.class,
                () -> new PyTorchFormat().write(new Model(g, "t"), dir.resolve("d.pt"), FormatOptions.none()));
        assertThrows(UsageException.class, () -> PyTorchWriter.write(new LinkedHashMap<>(Map.of()), dir.resolve("e.pt"), "../evil"));
    }

    @Test
    void torchScriptIsReadOnly() {
        assertThrows(UnsupportedFeatureException.class,
                () -> new TorchScriptFormat().write(modelOf(everyDtype()), dir.resolve("x.pt"), FormatOptions.none()));
    }
}
