package dev.rosetta.cli;

import static dev.rosetta.cli.CliTest.rosetta;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every model of the Keras golden-io corpus ({@code ../shared/corpus/keras-h5/golden-io}: 68
 * models, Conv1D in both data formats, causal and dilated, activations with their parameters)
 * converted to ONNX with {@code --verify}: the Keras model runs on an engine that executes all of
 * it (TensorFlow, else PyTorch) and the ONNX file on ONNX Runtime, and they agree. Two bugs made
 * every one of the sampled models fail before: Conv1D and an ELU with its own alpha have no
 * TensorFlow graph op here and the verification did not move on to another engine; and a
 * {@code channels_first} Conv1D kept its Keras kernel (WIO), which ONNX Runtime refused.
 */
class KerasToOnnxVerifyTest {
    @TempDir
    Path dir;

    /** Every {@code *_model.h5} of the golden-io corpus, sorted; skips the test when the corpus is absent. */
    static List<Path> goldenIoModels() throws IOException {
        Path corpus = BatchCommandTest.CORPUS.resolve("keras-h5/golden-io");
        Assumptions.assumeTrue(Files.isDirectory(corpus), "corpus " + corpus + " is absent");
        try (Stream<Path> s = Files.walk(corpus)) {
            return s.filter(p -> p.getFileName().toString().endsWith("_model.h5")).sorted().toList();
        }
    }

    @Test
    void everyGoldenIoModelConvertsToOnnxAndVerifies() throws IOException {
        List<Path> models = goldenIoModels();
        List<String> failures = new ArrayList<>();
        for (Path m : models) {
            Path out = dir.resolve("m.onnx");
            CliTest.Result r = rosetta("convert", m.toString(), "-o", out.toString(), "--verify");
            if (r.code() != 0) {
                failures.add(m.getFileName() + ": exit " + r.code() + ": " + r.err().lines().findFirst().orElse(""));
            }
            Files.deleteIfExists(out);
        }
        assertEquals(68, models.size(), "golden-io models");
        assertEquals(List.of(), failures);
    }
}
