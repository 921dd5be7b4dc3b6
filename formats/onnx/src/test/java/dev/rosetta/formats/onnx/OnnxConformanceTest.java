package dev.rosetta.formats.onnx;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OrtException;
import dev.rosetta.error.RosettaException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.onnx.ops.OnnxOps;
import dev.rosetta.formats.onnx.proto.OnnxProto.TensorProto;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The ONNX conformance suite: every case of {@code onnx-node} and {@code onnx-pytorch-converted}
 * in the shared corpus is read (in scope or not, without crashing); the in-scope ones are
 * written back at the opsets below, run with ONNX Runtime and compared with their stored outputs.
 *
 * <p>A case is in scope when a strict read succeeds (every operator, variant and data type is
 * supported). It is written at opset 17 and at its own opset clamped to 13-21. Skips carry their
 * reason; so does every case excluded because ONNX Runtime cannot run, or disagrees with, the
 * original file itself.
 */
class OnnxConformanceTest {
    /** The number of passing cases this suite achieved; a drop below it fails the build. */
    static final int MIN_PASSED = 925;
    private static final String[] SUITES = {"onnx-node", "onnx-pytorch-converted"};

    private final Map<String, String> skipped = new TreeMap<>();
    private final Map<String, String> failed = new TreeMap<>();
    private final List<String> passed = new ArrayList<>();

    @Test
    void corpusCasesRoundTripThroughOnnxRuntime() throws IOException {
        Path corpus = Path.of(System.getProperty("rosetta.corpus", "../../../shared/corpus"));
        assumeTrue(Files.isDirectory(corpus.resolve(SUITES[0])), "ONNX corpus absent at " + corpus);
        int total = 0;
        for (String suite : SUITES) {
            Path root = corpus.resolve(suite);
            if (!Files.isDirectory(root)) {
                continue;
            }
            List<Path> cases;
            try (Stream<Path> s = Files.list(root)) {
                cases = s.filter(p -> Files.isRegularFile(p.resolve("model.onnx"))).sorted().toList();
            }
            for (Path c : cases) {
                total++;
                String id = suite + "/" + c.getFileName();
                try {
                    runCase(id, c);
                } catch (Throwable t) {
                    failed.put(id, "crashed: " + t);
                }
            }
        }
        report(total);
        assertTrue(failed.isEmpty(), failed.size() + " conformance cases failed: " + failed);
        assertTrue(passed.size() >= MIN_PASSED, "only " + passed.size() + " cases passed, fewer than the recorded "
                + MIN_PASSED);
    }

    private void runCase(String id, Path dir) throws IOException {
        Path file = dir.resolve("model.onnx");
        try (Model lenient = OnnxReader.read(file, OnnxReader.Mode.KEEP_UNSUPPORTED)) {
            lenient.graph();
        } catch (RosettaException expectedForSomeFiles) {
            // a clean error is fine for a lenient read
        }
        Model model;
        try {
            model = OnnxReader.read(file, OnnxReader.Mode.STRICT);
        } catch (UnsupportedFeatureException e) {
            skipped.put(id, "unsupported: " + String.join("; ", e.items()));
            return;
        } catch (RosettaException e) {
            skipped.put(id, "not read: " + e.getMessage());
            return;
        }
        try (model) {
            List<Path> sets;
            try (Stream<Path> s = Files.list(dir)) {
                sets = s.filter(p -> p.getFileName().toString().startsWith("test_data_set_")).sorted().toList();
            }
            List<DataSet> data = new ArrayList<>();
            for (Path set : sets) {
                data.add(DataSet.load(set, model));
            }
            int source = model.opsetImports().getOrDefault("", 1L).intValue();
            TreeSet<Integer> targets = new TreeSet<>(List.of(OnnxWriteOptions.DEFAULT_OPSET,
                    Math.clamp(source, OnnxOps.MIN_WRITE_OPSET, OnnxOps.MAX_WRITE_OPSET)));
            List<String> notWritable = new ArrayList<>();
            int ran = 0;
            for (int opset : targets) {
                byte[] bytes;
                try {
                    bytes = OnnxWriter.toBytes(model, OnnxWriteOptions.of(opset));
                } catch (UnsupportedFeatureException e) {
                    notWritable.add("opset " + opset + ": " + String.join("; ", e.items()));
                    continue;
                }
                String problem = check(bytes, data, opset);
                if (problem != null) {
                    // Excused only where ONNX Runtime supports the original's opset and still
                    // cannot reproduce the stored outputs from the original file itself.
                    String excuse = source <= OnnxOps.MAX_WRITE_OPSET
                            ? originalProblem(Files.readAllBytes(file), data) : null;
                    if (excuse != null) {
                        skipped.put(id, "ONNX Runtime on the original file: " + excuse);
                        return;
                    }
                    failed.put(id, problem);
                    return;
                }
                ran++;
            }
            if (ran == 0) {
                skipped.put(id, "cannot be written: " + String.join(" | ", notWritable));
            } else {
                passed.add(id);
            }
        } catch (DataSet.Unusable e) {
            skipped.put(id, "test data: " + e.getMessage());
        }
    }

    /** Null when the model reproduces every data set; otherwise the first problem. */
    private static String check(byte[] model, List<DataSet> data, int opset) {
        for (DataSet d : data) {
            List<Tensor> out;
            try {
                out = OrtRunner.run(model, d.inputs());
            } catch (OrtException e) {
                return "opset " + opset + ": ONNX Runtime failed: " + e.getMessage();
            }
            if (out.size() < d.outputs().size()) {
                return "opset " + opset + ": " + out.size() + " outputs, expected " + d.outputs().size();
            }
            for (int i = 0; i < d.outputs().size(); i++) {
                String m = Numerics.mismatch(out.get(i), d.outputs().get(i));
                if (m != null) {
                    return "opset " + opset + ": " + d.name() + " output " + i + ": " + m;
                }
            }
        }
        return null;
    }

    /** What goes wrong when ONNX Runtime runs the original file, or null when it reproduces the data. */
    private static String originalProblem(byte[] original, List<DataSet> data) {
        return check(original, data, 0);
    }

    private void report(int total) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("ONNX conformance: ").append(passed.size()).append(" passed, ").append(failed.size())
                .append(" failed, ").append(skipped.size()).append(" skipped (").append(total).append(" cases)\n");
        failed.forEach((k, v) -> sb.append("FAILED  ").append(k).append(": ").append(v).append('\n'));
        Map<String, Integer> byReason = new TreeMap<>();
        skipped.values().forEach(v -> byReason.merge(shortReason(v), 1, Integer::sum));
        sb.append("skip reasons (grouped):\n");
        byReason.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue())
                .forEach(e -> sb.append(String.format("  %5d  %s%n", e.getValue(), e.getKey())));
        StringBuilder full = new StringBuilder(sb);
        skipped.forEach((k, v) -> full.append("SKIPPED ").append(k).append(": ").append(v).append('\n'));
        passed.forEach(p -> full.append("PASSED  ").append(p).append('\n'));
        Path out = Path.of("target", "onnx-conformance-report.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, full);
        System.out.println(sb);
        System.out.println("(every case with its reason: " + out.toAbsolutePath() + ")");
        System.out.println(passed.size() + " passed, " + failed.size() + " failed, " + skipped.size() + " skipped");
    }

    private static String shortReason(String reason) {
        String r = reason.replaceAll("node '[^']*'", "node")
                .replaceAll(", used by .*", "")
                .replaceAll("tensor '[^']*'", "tensor").replaceAll("input '[^']*'", "input")
                .replaceAll("output '[^']*'", "output").replaceAll("value '[^']*'", "value");
        return r.length() > 160 ? r.substring(0, 160) + "..." : r;
    }

    /** The inputs and expected outputs of one test_data_set folder. */
    record DataSet(String name, Map<String, Tensor> inputs, List<Tensor> outputs) {
        static final class Unusable extends RuntimeException {
            private static final long serialVersionUID = 1L;

            Unusable(String m) {
                super(m);
            }
        }

        static DataSet load(Path dir, Model model) throws IOException {
            List<Value> graphInputs = model.graph().inputs();
            Map<String, Tensor> inputs = new LinkedHashMap<>();
            for (int i = 0; Files.exists(dir.resolve("input_" + i + ".pb")); i++) {
                TensorProto p = TensorProto.parseFrom(Files.readAllBytes(dir.resolve("input_" + i + ".pb")));
                String name = graphInputs.stream().anyMatch(v -> v.name().equals(p.getName())) ? p.getName()
                        : i < graphInputs.size() ? graphInputs.get(i).name() : null;
                if (name == null) {
                    throw new Unusable("input_" + i + ".pb matches no graph input");
                }
                inputs.put(name, decode(p, dir));
            }
            List<Tensor> outputs = new ArrayList<>();
            for (int i = 0; Files.exists(dir.resolve("output_" + i + ".pb")); i++) {
                outputs.add(decode(TensorProto.parseFrom(Files.readAllBytes(dir.resolve("output_" + i + ".pb"))), dir));
            }
            return new DataSet(dir.getFileName().toString(), inputs, outputs);
        }

        private static Tensor decode(TensorProto p, Path dir) {
            try {
                return OnnxTensors.decode(p, dir, null, "test tensor '" + p.getName() + "'");
            } catch (RosettaException e) {
                throw new Unusable(e.getMessage());
            }
        }
    }
}
