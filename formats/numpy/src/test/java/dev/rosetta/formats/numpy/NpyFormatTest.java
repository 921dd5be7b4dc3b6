package dev.rosetta.formats.numpy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.error.UsageException;
import dev.rosetta.formats.AtomicOutput;
import dev.rosetta.formats.FileProbe;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.FormatRegistry;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyFormatTest {
    @TempDir
    Path dir;

    private final NpyFormat format = new NpyFormat();

    private static Model weights(String... names) {
        Graph g = new Graph("w");
        for (String n : names) {
            g.addInitializer(Value.constant(n, Fixtures.sample(DType.FLOAT32, 2), Layout.NONE));
        }
        return new Model(g, "test");
    }

    @Test
    void isFoundThroughServiceLoader() {
        FormatRegistry registry = FormatRegistry.load();
        assertInstanceOf(NpyFormat.class, registry.byName("numpy"));
        assertInstanceOf(NpyFormat.class, registry.forOutput(Path.of("out.npz")));
        assertEquals(List.of(".npy", ".npz"), format.extensions());
        assertTrue(format.canRead() && format.canWrite());
    }

    @Test
    void detectsByContent() throws IOException {
        Path npy = dir.resolve("no-extension");
        NumpyFiles.writeNpy(npy, Fixtures.sample(DType.INT8, 3));
        assertTrue(format.detect(FileProbe.of(npy)));
        Path npz = dir.resolve("arrays.bin");
        NumpyFiles.writeNpz(npz, Map.of("a", Fixtures.sample(DType.INT8, 3)));
        assertTrue(format.detect(FileProbe.of(npz)));
        Path otherZip = Fixtures.write(dir.resolve("model.npz"), ZipFixtures.deflatedZip(Map.of("data.pkl", new byte[4])));
        assertFalse(format.detect(FileProbe.of(otherZip)), "a zip of non-.npy entries is not an .npz");
        Path text = Fixtures.write(dir.resolve("x.npy"), "not numpy".getBytes());
        assertFalse(format.detect(FileProbe.of(text)), "the extension alone is not enough");
        assertFalse(format.detect(FileProbe.of(dir)));
        Path empty = dir.resolve("empty.npz");
        NumpyFiles.writeNpz(empty, Map.of());
        assertTrue(format.detect(FileProbe.of(empty)));
        assertTrue(NumpyFiles.readAll(empty).isEmpty());
        assertEquals("numpy", FormatRegistry.load().detect(npz).name());
    }

    @Test
    void refusesGraphs() {
        Graph g = new Graph("net");
        Value x = g.addInput(new Value("x"));
        Value y = new Value("y");
        g.addNode(new Node("relu", "Relu", List.of(x), List.of(y), Map.of()));
        g.addOutput(y);
        Model m = new Model(g, "onnx");
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> format.write(m, dir.resolve("out.npz"), FormatOptions.none()));
        assertTrue(e.getMessage().contains("numpy holds arrays, not graphs"), e.getMessage());
    }

    @Test
    void npyNeedsExactlyOneArray() {
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> format.write(weights("a", "b"), dir.resolve("out.npy"), FormatOptions.none()));
        assertTrue(e.getMessage().contains("exactly one array"), e.getMessage());
    }

    @Test
    void containerFollowsOptionThenExtensionThenCount() throws IOException {
        Path plain = dir.resolve("plain");
        format.write(weights("a"), plain, FormatOptions.none());
        assertEquals("npy", containerOf(plain));
        Path two = dir.resolve("two");
        format.write(weights("a", "b"), two, FormatOptions.none());
        assertEquals("npz", containerOf(two));
        Path forced = dir.resolve("forced.npy");
        format.write(weights("a"), forced, FormatOptions.none().with("container", "npz"));
        assertEquals("npz", containerOf(forced));
        assertThrows(UsageException.class,
                () -> format.write(weights("a"), dir.resolve("x"), FormatOptions.none().with("container", "zip")));
    }

    @Test
    void atomicTemporaryNamesKeepTheirExtension() {
        Path target = dir.resolve("one.npz");
        AtomicOutput.write(target, tmp -> format.write(weights("only"), tmp, FormatOptions.none()));
        assertEquals("npz", containerOf(target), "a single array still goes to .npz when the target says so");
        Map<String, Tensor> back = NumpyFiles.readAll(target);
        assertEquals(List.of("only"), List.copyOf(back.keySet()));
    }

    @Test
    void readTensorRefusesNpz() {
        Path npz = dir.resolve("a.npz");
        NumpyFiles.writeNpz(npz, Map.of("a", Fixtures.sample(DType.INT8, 1)));
        assertThrows(UnsupportedFeatureException.class, () -> NumpyFiles.readTensor(npz));
    }

    @Test
    void writtenModelReadsBack() throws IOException {
        Path out = dir.resolve("w.npz");
        format.write(weights("conv.weight", "conv.bias"), out, FormatOptions.none());
        try (Model m = format.read(out, FormatOptions.none())) {
            assertEquals(List.of("conv.weight", "conv.bias"),
                    m.graph().initializers().stream().map(Value::name).toList());
        }
    }

    private static String containerOf(Path p) {
        try (Model m = NumpyFiles.read(p)) {
            return m.metadata().get("numpy.container");
        }
    }
}
