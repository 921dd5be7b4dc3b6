package dev.rosetta.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.convert.ConversionRequest;
import dev.rosetta.convert.Converter;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.FormatRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library's conversion API is safe to call from several threads on different models: eight
 * conversions of the golden models (to ONNX, safetensors, PyTorch and NumPy, through graph recovery,
 * the ONNX importer and exporter and every weights writer) run at once, several rounds, on one
 * shared {@link Converter}, and each output equals byte for byte the one a sequential run wrote.
 */
class ConcurrentConversionTest {
    private static final int ROUNDS = 3;

    @TempDir
    Path dir;

    /** One conversion: a golden file to a target extension. */
    private record Job(String model, String file, String extension, boolean weightsOnly) {
        Path input() {
            return TestFiles.golden().resolve(model).resolve(file);
        }

        String outputName() {
            return model + "-" + file.replace('.', '_') + extension;
        }

        ConversionRequest request(Path folder) {
            FormatOptions read = weightsOnly ? FormatOptions.none().with("weights-only", "true") : FormatOptions.none();
            return new ConversionRequest(input(), folder.resolve(outputName()), null, null, read, FormatOptions.none());
        }
    }

    private static final List<Job> JOBS = List.of(
            new Job("resnet_basic_narrow", "state_dict.pt", ".onnx", false),
            new Job("resnet_bottleneck_narrow", "state_dict.pt", ".safetensors", false),
            new Job("convnet_flatten", "model.onnx", ".pt", false),
            new Job("resnet_basic_narrow", "state_dict.pt", ".npz", true),
            new Job("convnet_flatten", "state_dict.pt", ".safetensors", false),
            new Job("resnet_bottleneck_narrow", "model.onnx", ".onnx", false),
            new Job("resnet_basic_narrow", "torchscript.pt", ".pt", false),
            new Job("resnet_bottleneck_narrow", "state_dict.pt", ".onnx", false));

    @Test
    void eightConversionsAtOnceWriteWhatSequentialRunsWrite() throws Exception {
        for (Job j : JOBS) {
            Assumptions.assumeTrue(Files.isRegularFile(j.input()), "golden model file " + j.input() + " is absent");
        }
        Converter converter = new Converter(FormatRegistry.load());
        Path sequential = Files.createDirectories(dir.resolve("sequential"));
        for (Job j : JOBS) {
            converter.convert(j.request(sequential));
        }
        // A second sequential run tells nondeterminism apart from races.
        Path again = Files.createDirectories(dir.resolve("sequential-again"));
        for (Job j : JOBS) {
            converter.convert(j.request(again));
            assertEquals(TestFiles.sha256(sequential.resolve(j.outputName())), TestFiles.sha256(again.resolve(j.outputName())),
                    () -> j + " writes the same bytes each time it runs alone");
        }
        ExecutorService pool = Executors.newFixedThreadPool(JOBS.size());
        try {
            for (int round = 0; round < ROUNDS; round++) {
                Path parallel = Files.createDirectories(dir.resolve("parallel-" + round));
                CyclicBarrier start = new CyclicBarrier(JOBS.size());
                List<Future<?>> running = new ArrayList<>();
                for (Job j : JOBS) {
                    running.add(pool.submit(() -> {
                        start.await();
                        return converter.convert(j.request(parallel));
                    }));
                }
                for (Future<?> f : running) {
                    f.get(5, TimeUnit.MINUTES);
                }
                for (Job j : JOBS) {
                    Path p = parallel.resolve(j.outputName());
                    assertTrue(Files.isRegularFile(p), () -> p + " was written");
                    final int r = round;
                    assertEquals(TestFiles.sha256(sequential.resolve(j.outputName())), TestFiles.sha256(p),
                            () -> j + " written concurrently (round " + r + ") differs from its sequential output");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
