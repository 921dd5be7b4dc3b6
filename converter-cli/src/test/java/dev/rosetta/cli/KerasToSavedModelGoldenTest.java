package dev.rosetta.cli;

import static dev.rosetta.cli.CliTest.rosetta;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rosetta.formats.keras.GoldenIo;
import dev.rosetta.ir.Tensor;
import dev.rosetta.runtime.Backend;
import dev.rosetta.runtime.BackendRegistry;
import dev.rosetta.runtime.Execution;
import dev.rosetta.runtime.ExecutionOptions;
import dev.rosetta.runtime.ModelSource;
import dev.rosetta.runtime.TensorSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every model of the Keras golden-io corpus ({@code ../shared/corpus/keras-h5/golden-io}: Conv1D in
 * both data formats, causal and dilated, activations with their parameters) converted to a
 * SavedModel, which TensorFlow then runs on the inputs Keras stored: its outputs must be the ones
 * Keras computed (float32, |a - e| &lt;= 1e-4 + 1e-4 |e|). The oracle is Keras's own output, not a
 * second run of Rosetta's translation. Before 1-D convolutions, an ELU with another alpha and
 * ThresholdedReLU had TensorFlow emitters, 63 of the 68 were refused.
 */
class KerasToSavedModelGoldenTest {
    @TempDir
    Path dir;

    @Test
    void everyGoldenIoModelAsSavedModelComputesWhatKerasComputed() throws Exception {
        List<Path> models = KerasToOnnxVerifyTest.goldenIoModels();
        Backend tensorflow = BackendRegistry.load().find("tensorflow");
        Assumptions.assumeTrue(tensorflow != null, "the tensorflow backend is not on the class path");
        List<String> failures = new ArrayList<>();
        int i = 0;
        for (Path m : models) {
            String stem = m.getFileName().toString().replace("_model.h5", "");
            Path out = dir.resolve("m" + i++);
            CliTest.Result r = rosetta("convert", m.toString(), "-o", out.toString(), "--to", "savedmodel");
            if (r.code() != 0) {
                failures.add(stem + ": convert exit " + r.code() + ": " + r.err().lines().findFirst().orElse(""));
                continue;
            }
            GoldenIo golden = GoldenIo.read(m.resolveSibling(stem + "_inputs_and_outputs.h5"));
            try (Execution e = tensorflow.load(ModelSource.file(ModelSource.Kind.SAVED_MODEL, out),
                    ExecutionOptions.cpu())) {
                Map<String, Tensor> feed = new LinkedHashMap<>();
                List<Tensor> given = new ArrayList<>(golden.inputs().values());
                List<TensorSpec> specs = e.inputs();
                for (int k = 0; k < specs.size(); k++) {
                    feed.put(specs.get(k).name(), given.get(k));
                }
                List<Tensor> actual = new ArrayList<>(e.run(feed).values());
                List<Tensor> expected = new ArrayList<>(golden.outputs().values());
                for (int k = 0; k < expected.size(); k++) {
                    if (GoldenIo.excess(actual.get(k), expected.get(k), 1e-4, 1e-4) > 0) {
                        failures.add(stem + ": output " + k + " max |diff| "
                                + GoldenIo.maxAbs(actual.get(k), expected.get(k)));
                    }
                }
            }
        }
        assertEquals(68, models.size(), "golden-io models");
        assertEquals(List.of(), failures);
    }
}
