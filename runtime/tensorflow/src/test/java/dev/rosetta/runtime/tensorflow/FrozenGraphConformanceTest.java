package dev.rosetta.runtime.tensorflow;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.error.RosettaException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.tensorflow.GraphDefFormat;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import dev.rosetta.runtime.Execution;
import dev.rosetta.runtime.ExecutionOptions;
import dev.rosetta.runtime.ModelSource;
import dev.rosetta.runtime.onnxruntime.OnnxRuntimeBackend;
import dev.rosetta.layout.IoLayout;
import dev.rosetta.layout.LayoutConversion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * The TF1 frozen-graph corpus ({@code tf-frozen/**}, from DL4J's test resources): every case's
 * {@code frozen_model.pb} goes through the {@code graphdef} reader into the IR, runs on this
 * backend (TensorFlow) and, converted to channels-first by the layout pass, on ONNX Runtime (an
 * engine that shares no code with the TensorFlow graph builder) where the layout pass and the ONNX
 * writer can take the graph (a refusal there is reported, not failed: TensorFlow is the reference
 * engine here), and each node output the corpus stores ({@code NAME.K.prediction_inbw.csv}, node name
 * with {@code /} written {@code ____}) is compared with what TensorFlow computed when the corpus
 * was made, within {@code 1e-3 * |expected| + 1e-4 * max(1, max |expected|)} (float16: 1e-2 and
 * 1e-2), the absolute part scaled to the tensor, since float32 sums of large terms lose absolute
 * precision. Inputs come from {@code NAME.placeholder.csv}; shapes from the {@code .shape} files
 * beside (one dimension a line). FusedBatchNorm reserve-space outputs (3 and up) are
 * implementation-defined and not compared.
 *
 * <p>A case whose graph uses an op outside the importer's scope is skipped with the reader's
 * message as the reason; anything else that goes wrong is a failure. The passing count must not
 * drop below {@link #MIN_PASSED}.
 */
class FrozenGraphConformanceTest {
    /** Cases passing when this was written; raise it when more pass. */
    static final int MIN_PASSED = 67;
    /** Of those, cases the layout pass could convert and ONNX Runtime reproduced too. */
    static final int MIN_ALSO_ON_ONNX_RUNTIME = 41;
    private static final OnnxRuntimeBackend ORT = new OnnxRuntimeBackend();
    private static final Set<String> NOT_COMPARED = Set.of("Const", "Placeholder", "PlaceholderWithDefault");

    record Outcome(String name, String status, String detail) {
    }

    @Test
    void everyInScopeCaseMatchesTensorFlow() throws IOException {
        Path root = Files2.corpus("tf-frozen");
        List<Path> cases;
        try (Stream<Path> s = Files.walk(root)) {
            cases = s.filter(p -> p.getFileName().toString().equals("frozen_model.pb")).map(Path::getParent).sorted().toList();
        }
        List<Outcome> outcomes = new ArrayList<>();
        TensorFlowBackend backend = new TensorFlowBackend();
        for (Path dir : cases) {
            outcomes.add(run(backend, root.relativize(dir).toString(), dir));
        }
        Map<String, List<Outcome>> by = new TreeMap<>();
        outcomes.forEach(o -> by.computeIfAbsent(o.status(), k -> new ArrayList<>()).add(o));
        StringBuilder report = new StringBuilder("tf-frozen conformance: ");
        by.forEach((k, v) -> report.append(k).append(' ').append(v.size()).append("  "));
        System.out.println(report);
        long both = outcomes.stream().filter(o -> o.detail().equals("TensorFlow and ONNX Runtime")).count();
        System.out.println("  of the passed cases, " + both + " also ran on ONNX Runtime");
        for (Outcome o : outcomes) {
            if (!o.detail().equals("TensorFlow and ONNX Runtime")) {
                System.out.println("  " + o.status() + " " + o.name() + ": " + o.detail());
            }
        }
        List<Outcome> failed = by.getOrDefault("failed", List.of());
        assertTrue(failed.isEmpty(), failed.size() + " cases failed: " + failed);
        int passed = by.getOrDefault("passed", List.of()).size();
        assertTrue(passed >= MIN_PASSED, "only " + passed + " cases passed; the recorded minimum is " + MIN_PASSED);
        assertTrue(both >= MIN_ALSO_ON_ONNX_RUNTIME, "only " + both + " cases ran on ONNX Runtime too; the recorded"
                + " minimum is " + MIN_ALSO_ON_ONNX_RUNTIME);
    }

    private static Outcome run(TensorFlowBackend backend, String name, Path dir) throws IOException {
        GraphDef g = GraphDef.parseFrom(Files.readAllBytes(dir.resolve("frozen_model.pb")));
        Map<String, String> ops = new HashMap<>();
        for (NodeDef n : g.getNodeList()) {
            ops.put(n.getName(), n.getOp());
        }
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        Map<String, Path> expected = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                String f = p.getFileName().toString();
                if (f.endsWith(".placeholder.csv")) {
                    inputs.put(f.substring(0, f.length() - ".placeholder.csv".length()), null);
                } else if (f.endsWith(".prediction_inbw.csv")) {
                    String stem = f.substring(0, f.length() - ".prediction_inbw.csv".length());
                    int dot = stem.lastIndexOf('.');
                    String node = stem.substring(0, dot).replace("____", "/");
                    int index = Integer.parseInt(stem.substring(dot + 1));
                    String op = ops.get(node);
                    if (op == null || NOT_COMPARED.contains(op) || op.startsWith("FusedBatchNorm") && index > 2) {
                        continue;
                    }
                    expected.put(index == 0 ? node : node + ":" + index, p);
                }
            }
        }
        if (expected.isEmpty()) {
            return new Outcome(name, "skipped", "no stored output of a computed node");
        }
        FormatOptions options = FormatOptions.none().with("outputs", String.join(",", expected.keySet()));
        if (!inputs.isEmpty()) {
            options = options.with("inputs", String.join(",", inputs.keySet()));
        }
        try (Model model = new GraphDefFormat().read(dir.resolve("frozen_model.pb"), options)) {
            for (Value v : model.graph().inputs()) {
                Path csv = dir.resolve(v.name() + ".placeholder.csv");
                inputs.put(v.name(), csv(csv, dir.resolve(v.name() + ".placeholder.shape"),
                        v.dtype() == null ? DType.FLOAT32 : v.dtype()));
            }
            Map<String, Tensor> actual;
            try (Execution e = backend.load(ModelSource.ir(model), ExecutionOptions.cpu())) {
                actual = e.run(inputs);
            }
            List<String> problems = compare(expected, actual);
            if (!problems.isEmpty()) {
                return new Outcome(name, "failed", String.join("; ", problems));
            }
            try {
                LayoutConversion.toChannelsFirst(IoLayout.KEEP).run(model.graph());
                try (Execution e = ORT.load(ModelSource.ir(model), ExecutionOptions.cpu())) {
                    actual = e.run(inputs);
                }
            } catch (RosettaException e) {
                return new Outcome(name, "passed", "TensorFlow only; not run on ONNX Runtime: " + e.getMessage());
            }
            problems = compare(expected, actual);
            return problems.isEmpty() ? new Outcome(name, "passed", "TensorFlow and ONNX Runtime")
                    : new Outcome(name, "failed", "ONNX Runtime: " + String.join("; ", problems));
        } catch (UnsupportedFeatureException e) {
            return new Outcome(name, "skipped", e.getMessage());
        } catch (RuntimeException | AssertionError e) {
            return new Outcome(name, "failed", e.toString());
        }
    }

    private static List<String> compare(Map<String, Path> expected, Map<String, Tensor> actual) throws IOException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Path> x : expected.entrySet()) {
                Path csv = x.getValue();
                Path shape = csv.resolveSibling(csv.getFileName().toString().replace(".csv", ".shape"));
                Tensor want = csv(csv, shape, DType.FLOAT64);
                Tensor got = actual.get(x.getKey());
                boolean half = got.dtype() == DType.FLOAT16;
                double scale = Math.max(1, Files2.maxAbs(want, Tensor.fromDoubles(DType.FLOAT64, want.shape(),
                        new double[(int) want.elementCount()])));
                double excess = Files2.excess(want, got, half ? 1e-2 : 1e-3, (half ? 1e-2 : 1e-4) * scale, x.getKey());
                if (excess > 0) {
                    problems.add(x.getKey() + " differs by up to " + Files2.maxAbs(want, got));
                }
            }
        return problems;
    }

    /** A tensor from a one-value-a-line CSV and a one-dimension-a-line shape file. */
    static Tensor csv(Path values, Path shapeFile, DType dtype) throws IOException {
        List<Long> dims = new ArrayList<>();
        if (Files.exists(shapeFile)) {
            for (String l : Files.readAllLines(shapeFile)) {
                if (!l.isBlank()) {
                    dims.add(Long.parseLong(l.trim()));
                }
            }
        }
        List<String> lines = Files.readAllLines(values).stream().filter(l -> !l.isBlank()).toList();
        double[] v = new double[lines.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = Double.parseDouble(lines.get(i).trim());
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        if (Tensor.elementCount(shape) != v.length) {
            shape = new long[] {v.length};
        }
        return Tensor.fromDoubles(dtype, shape, v);
    }
}
