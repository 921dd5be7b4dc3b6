package dev.rosetta.runtime.tensorflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.error.UsageException;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.numpy.NumpyFiles;
import dev.rosetta.formats.tensorflow.SavedModelFormat;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import dev.rosetta.runtime.BackendRegistry;
import dev.rosetta.runtime.Device;
import dev.rosetta.runtime.Execution;
import dev.rosetta.runtime.ExecutionOptions;
import dev.rosetta.runtime.Intermediate;
import dev.rosetta.runtime.ModelSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tensorflow backend on each kind of source. */
class TensorFlowBackendTest {
    private final TensorFlowBackend backend = new TensorFlowBackend();

    @Test
    void savedModelRunsAsWrittenAndReproducesTheGoldenOutput() {
        Path dir = Files2.golden("tf_cnn", "saved_model");
        Tensor input = NumpyFiles.readTensor(Files2.golden("tf_cnn", "input.npy"));
        Tensor expected = NumpyFiles.readTensor(Files2.golden("tf_cnn", "expected.npy"));
        try (Execution e = backend.load(ModelSource.file(ModelSource.Kind.SAVED_MODEL, dir), ExecutionOptions.cpu())) {
            assertEquals("input", e.inputs().get(0).name());
            assertEquals(DType.FLOAT32, e.inputs().get(0).dtype());
            assertEquals("[?, 16, 16, 3]", e.inputs().get(0).shape().toString());
            Map<String, Tensor> out = e.run(Map.of("input", input));
            Files2.assertClose(expected, out.get("output"), 1e-6, 1e-6, "output");
            UsageException wrongRank = assertThrows(UsageException.class,
                    () -> e.run(Map.of("input", input.reshape(2, 768))));
            assertTrue(wrongRank.getMessage().contains("rank 4"), wrongRank.getMessage());
        }
        UsageException noSig = assertThrows(UsageException.class, () -> backend.forSignature("predict")
                .load(ModelSource.file(ModelSource.Kind.SAVED_MODEL, dir), ExecutionOptions.cpu()));
        assertTrue(noSig.getMessage().contains("[serving_default]"), noSig.getMessage());
    }

    @Test
    void anNchwConvolutionOnTheCpuIsATypedRefusalNamingAnotherEngine() {
        Path pb = Files2.corpus("tf-frozen", "cnn2d_nn", "nchw_b1_k2_s2_SAME", "frozen_model.pb");
        try (Execution e = backend.load(ModelSource.file(ModelSource.Kind.GRAPH_DEF, pb), ExecutionOptions.cpu())) {
            dev.rosetta.error.UnsupportedFeatureException x = org.junit.jupiter.api.Assertions.assertThrows(
                    dev.rosetta.error.UnsupportedFeatureException.class, () -> e.run(Map.of()));
            org.junit.jupiter.api.Assertions.assertTrue(x.getMessage().contains("NHWC")
                    && x.getMessage().contains("--backend-source pytorch"), x.getMessage());
        }
    }

    @Test
    void frozenGraphRunsAsWritten() throws Exception {
        Path dir = Files2.corpus("tf-frozen", "conv_0");
        Tensor image = FrozenGraphConformanceTest.csv(dir.resolve("image.placeholder.csv"),
                dir.resolve("image.placeholder.shape"), DType.FLOAT32);
        Tensor expected = FrozenGraphConformanceTest.csv(dir.resolve("output.prediction.csv"),
                dir.resolve("output.prediction.shape"), DType.FLOAT32);
        try (Execution e = backend.load(ModelSource.file(ModelSource.Kind.GRAPH_DEF, dir.resolve("frozen_model.pb")),
                ExecutionOptions.cpu())) {
            assertEquals(List.of("image"), e.inputs().stream().map(s -> s.name()).toList());
            assertEquals(List.of("output"), e.outputs().stream().map(s -> s.name()).toList());
            Files2.assertClose(expected, e.run(Map.of("image", image)).get("output"), 1e-4, 1e-4, "output");
        }
    }

    @Test
    void irModelRecordsEveryNodeOutput() {
        Tensor input = NumpyFiles.readTensor(Files2.golden("tf_cnn", "input.npy"));
        Tensor expected = NumpyFiles.readTensor(Files2.golden("tf_cnn", "expected.npy"));
        try (Model m = new SavedModelFormat().read(Files2.golden("tf_cnn", "saved_model"), FormatOptions.none());
             Execution e = backend.load(ModelSource.ir(m), new ExecutionOptions(Device.CPU, true))) {
            Files2.assertClose(expected, e.run(Map.of("input", input)).get("output"), 1e-5, 1e-5, "output");
            List<Intermediate> recorded = e.intermediates();
            assertEquals(m.graph().nodes().size(), recorded.size());
            assertEquals("conv1/Conv2D", recorded.get(0).value());
            assertEquals("Conv", recorded.get(0).op());
            assertEquals("[2, 16, 16, 8]", java.util.Arrays.toString(recorded.get(0).tensor().shape()));
        }
    }

    @Test
    void gpuIsRefusedWithCpuNatives() {
        if (TfDevices.hasGpuNatives()) {
            return;
        }
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> backend.checkDevice(Device.gpu(0)));
        assertTrue(e.getMessage().contains("linux-x86_64-gpu"), e.getMessage());
        assertTrue(TfDevices.config(Device.gpu(1)).getGpuOptions().getAllowGrowth());
        assertEquals("1", TfDevices.config(Device.gpu(1)).getGpuOptions().getVisibleDeviceList());
    }

    @Test
    void registryPicksTensorFlowForTensorFlowSources() {
        BackendRegistry registry = BackendRegistry.load();
        assertEquals("tensorflow", registry.defaultFor(ModelSource.file(ModelSource.Kind.SAVED_MODEL, Path.of("x"))).name());
        assertEquals("tensorflow", registry.defaultFor(ModelSource.file(ModelSource.Kind.GRAPH_DEF, Path.of("x.pb"))).name());
    }
}
