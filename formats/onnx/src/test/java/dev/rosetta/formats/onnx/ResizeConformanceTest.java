package dev.rosetta.formats.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rosetta.error.RosettaException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.onnx.ops.OnnxOps;
import dev.rosetta.formats.onnx.proto.OnnxProto.GraphProto;
import dev.rosetta.formats.onnx.proto.OnnxProto.ModelProto;
import dev.rosetta.formats.onnx.proto.OnnxProto.TensorProto;
import dev.rosetta.formats.onnx.proto.OnnxProto.ValueInfoProto;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * ONNX {@code Resize} against the ONNX backend node tests ({@code onnx-node/test_resize_*}). Those
 * feed {@code roi}, {@code scales} and {@code sizes} as graph inputs, which Rosetta reads only as
 * constants (a model's resize parameters are); so each case's data-set values are made
 * initializers, the model is read, written back at its own opset and run by ONNX Runtime, and the
 * output must be the one stored with the test, unless ONNX Runtime computes another output from
 * the original file too (it does for the two downsampling cases with {@code align_corners}: those
 * are excused and printed).
 */
class ResizeConformanceTest {
    /** Resize cases in the corpus, all of which must pass. */
    static final int CASES = 39;

    /** Cases ONNX Runtime does not reproduce from the original file either, with what it computes. */
    private static final Map<String, String> EXCUSED = new TreeMap<>();

    @Test
    void everyResizeNodeTestReproducesItsOutput() throws Exception {
        Path corpus = Path.of(System.getProperty("rosetta.corpus", "../../../shared/corpus")).resolve("onnx-node");
        assumeTrue(Files.isDirectory(corpus), "ONNX corpus absent at " + corpus);
        List<Path> cases;
        try (Stream<Path> s = Files.list(corpus)) {
            cases = s.filter(p -> p.getFileName().toString().startsWith("test_resize_")).sorted().toList();
        }
        Map<String, String> failures = new TreeMap<>();
        int passed = 0;
        for (Path c : cases) {
            String id = c.getFileName().toString();
            try {
                String problem = run(c);
                if (problem == null) {
                    passed++;
                } else {
                    failures.put(id, problem);
                }
            } catch (RosettaException e) {
                failures.put(id, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        EXCUSED.forEach((k, v) -> System.out.println("excused (ONNX Runtime on the original file: " + v + "): " + k));
        assertEquals(Map.of(), failures);
        assertTrue(passed >= CASES, passed + " resize cases passed or were excused, expected " + CASES);
    }

    /** {@code null} when the case reproduces its stored output, else what went wrong. */
    private static String run(Path dir) throws Exception {
        ModelProto original = ModelProto.parseFrom(Files.readAllBytes(dir.resolve("model.onnx")));
        Path data = dir.resolve("test_data_set_0");
        GraphProto.Builder g = original.getGraph().toBuilder();
        List<ValueInfoProto> inputs = new ArrayList<>(g.getInputList());
        g.clearInput();
        String x = inputs.getFirst().getName();
        g.addInput(inputs.getFirst());
        Map<String, Tensor> fed = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            TensorProto p = TensorProto.parseFrom(Files.readAllBytes(data.resolve("input_" + i + ".pb")));
            fed.put(inputs.get(i).getName(), OnnxTensors.decode(p, data, null, "input " + i));
            if (i > 0) {
                g.addInitializer(p.toBuilder().setName(inputs.get(i).getName()));
            }
        }
        byte[] constant = original.toBuilder().setGraph(g).build().toByteArray();
        Tensor expected = OnnxTensors.decode(TensorProto.parseFrom(Files.readAllBytes(data.resolve("output_0.pb"))),
                data, null, "output 0");
        try (Model m = OnnxReader.read(constant, OnnxReader.Mode.STRICT)) {
            int opset = Math.clamp(m.opsetImports().getOrDefault("", 1L).intValue(), OnnxOps.MIN_WRITE_OPSET,
                    OnnxOps.MAX_WRITE_OPSET);
            byte[] written;
            try {
                written = OnnxWriter.toBytes(m, OnnxWriteOptions.of(opset));
            } catch (UnsupportedFeatureException e) {
                return "not written at opset " + opset + ": " + e.getMessage();
            }
            String mismatch = Numerics.mismatch(OrtRunner.run(written, Map.of(x, fed.get(x))).getFirst(), expected);
            if (mismatch != null) {
                String originalMismatch = Numerics.mismatch(
                        OrtRunner.run(Files.readAllBytes(dir.resolve("model.onnx")), fed).getFirst(), expected);
                if (originalMismatch != null) {
                    EXCUSED.put(dir.getFileName().toString(), originalMismatch);
                    return null;
                }
            }
            return mismatch;
        }
    }
}
