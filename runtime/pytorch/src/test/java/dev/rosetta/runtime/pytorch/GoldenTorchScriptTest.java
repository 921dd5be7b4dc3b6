package dev.rosetta.runtime.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rosetta.formats.numpy.NumpyFiles;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Tensor;
import dev.rosetta.runtime.Comparator;
import dev.rosetta.runtime.Execution;
import dev.rosetta.runtime.ExecutionOptions;
import dev.rosetta.runtime.Metrics;
import dev.rosetta.runtime.ModelSource;
import dev.rosetta.runtime.Tolerance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each golden model's TorchScript archive, run through DJL, reproduces the stored expected output. */
class GoldenTorchScriptTest {
    static Path golden(String name) {
        String root = System.getProperty("rosetta.golden");
        return root == null ? null : Path.of(root, name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"resnet_basic_narrow", "resnet_bottleneck_narrow", "convnet_flatten"})
    void torchScriptMatchesExpected(String name) {
        Path dir = golden(name);
        assumeTrue(dir != null && Files.isRegularFile(dir.resolve("torchscript.pt")),
                () -> "golden model " + name + " absent (rosetta.golden=" + System.getProperty("rosetta.golden") + ")");
        Tensor input = NumpyFiles.readTensor(dir.resolve("input.npy"));
        Tensor expected = NumpyFiles.readTensor(dir.resolve("expected.npy"));
        try (Execution e = new TorchScriptBackend().load(
                ModelSource.file(ModelSource.Kind.TORCHSCRIPT_FILE, dir.resolve("torchscript.pt")), ExecutionOptions.cpu())) {
            // DJL reports no argument names for scripted modules; a single input is fed by position.
            String in = e.inputs().isEmpty() ? "input" : e.inputs().get(0).name();
            Map<String, Tensor> out = e.run(Map.of(in, input));
            assertEquals(1, out.size());
            Metrics m = Comparator.compare(out.values().iterator().next(), expected, Tolerance.forDType(DType.FLOAT32));
            assertTrue(m.passed(), name + ": " + m.reason() + ", max_abs " + m.maxAbs());
            assertEquals(1.0, m.top1());
        }
    }
}
