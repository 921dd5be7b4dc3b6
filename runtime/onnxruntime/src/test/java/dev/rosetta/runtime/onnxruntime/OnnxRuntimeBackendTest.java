package dev.rosetta.runtime.onnxruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.error.UsageException;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.onnx.OnnxFormat;
import dev.rosetta.formats.numpy.NumpyFiles;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import dev.rosetta.runtime.Comparator;
import dev.rosetta.runtime.Device;
import dev.rosetta.runtime.Execution;
import dev.rosetta.runtime.ExecutionOptions;
import dev.rosetta.runtime.Intermediate;
import dev.rosetta.runtime.Metrics;
import dev.rosetta.runtime.ModelSource;
import dev.rosetta.runtime.Tolerance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OnnxRuntimeBackendTest {
    private static final Tolerance FP32 = Tolerance.forDType(DType.FLOAT32);
    private final OnnxRuntimeBackend backend = new OnnxRuntimeBackend();

    static Path golden(String name) {
        String root = System.getProperty("rosetta.golden");
        Path dir = root == null ? null : Path.of(root, name);
        assumeTrue(dir != null && Files.isRegularFile(dir.resolve("model.onnx")),
                () -> "golden model " + name + " absent (rosetta.golden=" + root + ")");
        return dir;
    }

    private static void assertClose(Tensor actual, Tensor expected, String what) {
        Metrics m = Comparator.compare(actual, expected, FP32);
        assertTrue(m.passed(), what + ": " + m.reason() + ", max_abs " + m.maxAbs());
    }

    @ParameterizedTest
    @ValueSource(strings = {"resnet_basic_narrow", "resnet_bottleneck_narrow", "convnet_flatten"})
    void onnxFileMatchesExpected(String name) {
        Path dir = golden(name);
        try (Execution e = backend.load(ModelSource.file(ModelSource.Kind.ONNX_FILE, dir.resolve("model.onnx")),
                ExecutionOptions.cpu())) {
            assertEquals("input", e.inputs().get(0).name());
            assertEquals(DType.FLOAT32, e.inputs().get(0).dtype());
            Map<String, Tensor> out = e.run(Map.of("input", NumpyFiles.readTensor(dir.resolve("input.npy"))));
            assertEquals(List.of("output"), List.copyOf(out.keySet()));
            assertClose(out.get("output"), NumpyFiles.readTensor(dir.resolve("expected.npy")), name);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"resnet_basic_narrow", "convnet_flatten"})
    void irReadFromOnnxRunsThroughTheWriterAndMatches(String name) throws Exception {
        Path dir = golden(name);
        try (Model m = new OnnxFormat().read(dir.resolve("model.onnx"), FormatOptions.none());
             Execution e = backend.load(ModelSource.ir(m), new ExecutionOptions(Device.CPU, true))) {
            Map<String, Tensor> out = e.run(Map.of("input", NumpyFiles.readTensor(dir.resolve("input.npy"))));
            assertClose(out.get("output"), NumpyFiles.readTensor(dir.resolve("expected.npy")), name + " via IR");
            assertTrue(e.intermediates().size() > 5, "intermediates recorded: " + e.intermediates().size());
        }
    }

    @Test
    void intermediatesNameTheirNodesInFileOrderAndLeaveOutputsAlone() {
        Path dir = golden("resnet_basic_narrow");
        Tensor input = NumpyFiles.readTensor(dir.resolve("input.npy"));
        try (Execution e = backend.load(ModelSource.file(ModelSource.Kind.ONNX_FILE, dir.resolve("model.onnx")),
                new ExecutionOptions(Device.CPU, true))) {
            assertTrue(e.recordsIntermediates());
            assertEquals(List.of("output"), e.outputs().stream().map(s -> s.name()).toList());
            Map<String, Tensor> out = e.run(Map.of("input", input));
            assertEquals(List.of("output"), List.copyOf(out.keySet()));
            assertClose(out.get("output"), NumpyFiles.readTensor(dir.resolve("expected.npy")), "with intermediates");
            List<Intermediate> im = e.intermediates();
            // one value per node (14 Conv, 14 BN, 11 Relu, MaxPool, 5 Add, GAP, Flatten, Gemm)
            assertEquals(48, im.size());
            assertEquals("Conv", im.get(0).op());
            assertEquals("output", im.getLast().value());
            assertEquals("Gemm", im.getLast().op());
        }
    }

    @Test
    void graphEditKeepsTheModelAndAddsOutputs() throws Exception {
        Path dir = golden("convnet_flatten");
        byte[] bytes = Files.readAllBytes(dir.resolve("model.onnx"));
        OnnxGraphEdit edit = OnnxGraphEdit.parse(null, bytes);
        List<String> firstOutputs = edit.nodes().get(0).outputs();
        OnnxGraphEdit again = OnnxGraphEdit.parse(null, edit.withOutputs(firstOutputs));
        assertEquals(edit.nodes(), again.nodes());
        assertEquals(List.of("output", firstOutputs.get(0)), again.outputNames());
        assertEquals(edit.outputNames(), OnnxGraphEdit.parse(null, edit.withOutputs(List.of("output", "input"))).outputNames());
        assertThrows(MalformedInputException.class, () -> OnnxGraphEdit.parse(null, new byte[] {1, 2, 3}));
    }

    @Test
    void badFilesAndInputsMapOntoTheErrorContract(@TempDir Path tmp) throws Exception {
        Path junk = tmp.resolve("junk.onnx");
        Files.write(junk, new byte[] {8, 1, 0x3a, 2, 0x0a, 0});
        assertThrows(MalformedInputException.class,
                () -> backend.load(ModelSource.file(ModelSource.Kind.ONNX_FILE, junk), ExecutionOptions.cpu()));
        assertThrows(UsageException.class, () -> backend.load(
                ModelSource.file(ModelSource.Kind.ONNX_FILE, tmp.resolve("missing.onnx")), ExecutionOptions.cpu()));
        Path dir = golden("convnet_flatten");
        try (Execution e = backend.load(ModelSource.file(ModelSource.Kind.ONNX_FILE, dir.resolve("model.onnx")),
                ExecutionOptions.cpu())) {
            assertThrows(UsageException.class, () -> e.run(Map.of()));
            assertThrows(UsageException.class, () -> e.run(Map.of("input", Tensor.ofFloats(new long[] {1, 3, 5, 5},
                    new float[75]))));
        }
    }

    @Test
    void gpuWithoutCudaProviderIsUnsupported() {
        assumeTrue(!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA), "CUDA provider present");
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> backend.checkDevice(Device.gpu(0)));
        assertTrue(e.getMessage().contains("no CUDA execution provider"), e.getMessage());
    }
}
