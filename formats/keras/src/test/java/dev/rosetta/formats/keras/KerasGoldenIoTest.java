package dev.rosetta.formats.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.error.RosettaException;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import dev.rosetta.runtime.Backend;
import dev.rosetta.runtime.Execution;
import dev.rosetta.runtime.ExecutionOptions;
import dev.rosetta.runtime.ModelSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Golden I/O against Keras itself: every {@code golden-io/**}/{@code *_model.h5} (and its
 * {@code *_weights.h5} paired with {@code *_config.json}) is read, executed on a Rosetta backend
 * (pytorch, which runs channels-last nodes by transposing; onnxruntime for graphs with ops the
 * pytorch backend lacks) and compared with the outputs Keras stored, within 1e-4 absolute plus
 * 1e-4 relative (float32).
 */
class KerasGoldenIoTest {
    /** Cases that must pass: 68 models, each read from the model file and from weights + config. */
    static final int MIN_PASSED = 136;
    static final double ATOL = 1e-4;
    static final double RTOL = 1e-4;

    @Test
    void everyGoldenModelMatchesKerasOutputs() throws Exception {
        Path dir = Corpus.kerasDir();
        Assumptions.assumeTrue(dir != null, "corpus keras-h5 not found (rosetta.corpus)");
        Assumptions.assumeTrue(Runtimes.available(),
                "runtime not available (no rosetta-runtime-pytorch or -onnxruntime on the test class path)");
        KerasH5Format format = new KerasH5Format();
        int passed = 0;
        List<String> failures = new ArrayList<>();
        Map<String, Integer> byBackend = new LinkedHashMap<>();
        double worst = 0;
        for (Path f : Corpus.files(dir.resolve("golden-io"))) {
            String name = f.getFileName().toString();
            if (!name.endsWith("_model.h5")) {
                continue;
            }
            String stem = name.substring(0, name.length() - "_model.h5".length());
            Path io = f.resolveSibling(stem + "_inputs_and_outputs.h5");
            if (!Files.exists(io)) {
                continue;
            }
            GoldenIo golden = GoldenIo.read(io);
            List<Object[]> variants = new ArrayList<>();
            variants.add(new Object[] {f, FormatOptions.none()});
            Path weights = f.resolveSibling(stem + "_weights.h5");
            Path config = f.resolveSibling(stem + "_config.json");
            if (Files.exists(weights) && Files.exists(config)) {
                variants.add(new Object[] {weights, FormatOptions.none().with(KerasOptions.CONFIG, config.toString())});
            }
            for (Object[] v : variants) {
                Path file = (Path) v[0];
                try (Model m = format.read(file, (FormatOptions) v[1])) {
                    Backend b = Runtimes.pick(m);
                    Map<String, Tensor> inputs = new LinkedHashMap<>();
                    List<String> modelInputs = m.graph().inputs().stream().map(x -> x.name()).toList();
                    assertEquals(GoldenIo.names(golden.inputs()), modelInputs, "input names of " + file);
                    inputs.putAll(golden.inputs());
                    try (Execution e = b.load(ModelSource.ir(m), ExecutionOptions.cpu())) {
                        List<Tensor> outs = new ArrayList<>(e.run(inputs).values());
                        List<Tensor> expected = new ArrayList<>(golden.outputs().values());
                        assertEquals(expected.size(), outs.size(), "output count of " + file);
                        boolean ok = true;
                        for (int i = 0; i < outs.size(); i++) {
                            assertArrayEquals(expected.get(i).shape(), outs.get(i).shape(), "output shape of " + file);
                            double ex = GoldenIo.excess(outs.get(i), expected.get(i), ATOL, RTOL);
                            worst = Math.max(worst, GoldenIo.maxAbs(outs.get(i), expected.get(i)));
                            if (ex > 0) {
                                ok = false;
                                failures.add(dir.relativize(file) + " [" + b.name() + "]: max |diff| "
                                        + GoldenIo.maxAbs(outs.get(i), expected.get(i)));
                            }
                        }
                        if (ok) {
                            passed++;
                            byBackend.merge(b.name(), 1, Integer::sum);
                        }
                    }
                } catch (RosettaException e) {
                    failures.add(dir.relativize(file) + ": " + e.getMessage());
                }
            }
        }
        System.out.printf("keras golden-io: %d passed %s, %d failed, worst max |diff| %.3g%n", passed, byBackend,
                failures.size(), worst);
        failures.forEach(s -> System.out.println("  FAILED " + s));
        assertEquals(List.of(), failures);
        assertTrue(passed >= MIN_PASSED, "passed dropped to " + passed + " (recorded minimum " + MIN_PASSED + ")");
    }
}
