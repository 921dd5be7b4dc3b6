package dev.rosetta.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code rosetta verify} on the golden models (real PyTorch, ONNX Runtime and DJL engines): the
 * acceptance checks of the verifying runtime.
 */
class VerifyCommandTest {
    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
    }

    /** Runs {@code rosetta verify ARGS} through Main when it registers the command, else directly. */
    static Run verify(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        int code;
        if (new CommandLine(new Main()).getSubcommands().containsKey("verify")) {
            List<String> all = new ArrayList<>(List.of("verify"));
            all.addAll(List.of(args));
            code = Main.run(o, e, all.toArray(String[]::new));
        } else {
            CommandLine cl = new CommandLine(new VerifyCommand());
            cl.setOut(o);
            cl.setErr(e);
            cl.setExecutionExceptionHandler(new FailureHandler());
            cl.setParameterExceptionHandler((ex, a) -> {
                ex.getCommandLine().getErr().println("rosetta: " + ex.getMessage());
                return 2;
            });
            code = cl.execute(args);
        }
        return new Run(code, out.toString(), err.toString());
    }

    static Path golden(String name) {
        String root = System.getProperty("rosetta.golden");
        Path dir = root == null ? null : Path.of(root, name);
        assumeTrue(dir != null && Files.isRegularFile(dir.resolve("model.onnx")),
                () -> "golden model " + name + " absent (rosetta.golden=" + root + ")");
        return dir;
    }

    private static String s(Path p) {
        return p.toString();
    }

    private JsonNode report(Path p) throws IOException {
        return new ObjectMapper().readTree(Files.readString(p));
    }

    @ParameterizedTest
    @ValueSource(strings = {"resnet_basic_narrow", "resnet_bottleneck_narrow", "convnet_flatten"})
    void torchScriptAgainstItsOnnxExportPasses(String name) throws IOException {
        Path g = golden(name);
        Path rep = tmp.resolve("r.json");
        Run r = verify(s(g.resolve("torchscript.pt")), s(g.resolve("model.onnx")), "--input", s(g.resolve("input.npy")),
                "--report", s(rep));
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("PASSED"), r.out());
        JsonNode j = report(rep);
        assertTrue(j.get("passed").asBoolean());
        assertEquals("torchscript", j.get("backends").get("source").asText());
        assertEquals("onnxruntime", j.get("backends").get("converted").asText());
        assertEquals(1.0, j.get("outputs").get(0).get("top1_agreement").asDouble());
        assertTrue(j.get("outputs").get(0).get("max_abs").asDouble() < 1e-4);
        // and with seeded random inputs
        Run random = verify(s(g.resolve("torchscript.pt")), s(g.resolve("model.onnx")), "--seed", "7");
        assertEquals(0, random.code(), random.out() + random.err());
        assertTrue(random.out().contains("random(seed=7)"), random.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"resnet_basic_narrow", "resnet_bottleneck_narrow", "convnet_flatten"})
    void goldenModeOnOnnxRuntimeAndOnThePytorchBackend(String name) {
        Path g = golden(name);
        String[] io = {"--input", s(g.resolve("input.npy")), "--expected", s(g.resolve("expected.npy"))};
        Run ort = verify(concat(new String[] {s(g.resolve("model.onnx"))}, io));
        assertEquals(0, ort.code(), ort.out() + ort.err());
        assertTrue(ort.out().contains("on onnxruntime"), ort.out());
        Run pt = verify(concat(new String[] {s(g.resolve("model.onnx")), "--backend-source", "pytorch"}, io));
        assertEquals(0, pt.code(), pt.out() + pt.err());
        assertTrue(pt.out().contains("on pytorch"), pt.out());
        Run ts = verify(concat(new String[] {s(g.resolve("torchscript.pt"))}, io));
        assertEquals(0, ts.code(), ts.out() + ts.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"resnet_basic_narrow", "resnet_bottleneck_narrow"})
    void stateDictIrOnThePytorchBackendMatchesExpectedAndTheOnnxExport(String name) {
        Path g = golden(name);
        Run golden = verify(s(g.resolve("state_dict.pt")), "--input", s(g.resolve("input.npy")),
                "--expected", s(g.resolve("expected.npy")));
        assertEquals(0, golden.code(), golden.out() + golden.err());
        assertTrue(golden.out().contains("on pytorch"), golden.out());
        // the state dict's graph has symbolic sizes; the ONNX export's fixed ones win over --batch
        Run vsOnnx = verify(s(g.resolve("state_dict.pt")), s(g.resolve("model.onnx")), "--batch", "3");
        assertEquals(0, vsOnnx.code(), vsOnnx.out() + vsOnnx.err());
        assertTrue(vsOnnx.out().contains("input [2, 3, 32, 32]"), vsOnnx.out());
        assertTrue(vsOnnx.out().contains("--batch 3 was not used"), vsOnnx.out());
    }

    @Test
    void stateDictWithoutARecognizedArchitectureIsUnsupported() {
        Path g = golden("convnet_flatten");
        Run r = verify(s(g.resolve("state_dict.pt")), s(g.resolve("model.onnx")));
        assertEquals(3, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("weights only"), r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"resnet_basic_narrow", "resnet_bottleneck_narrow", "convnet_flatten"})
    void aWeightPerturbedByOneHundredthFailsAndPerLayerNamesItsNode(String name) throws Exception {
        Path g = golden(name);
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "/usr/bin/python3 absent");
        Path perturbed = tmp.resolve("perturbed.onnx");
        String node = perturb(g.resolve("model.onnx"), perturbed);
        Path rep = tmp.resolve("p.json");
        Run r = verify(s(g.resolve("model.onnx")), s(perturbed), "--per-layer", "--report", s(rep));
        assertEquals(1, r.code(), r.out() + r.err());
        JsonNode j = report(rep);
        assertFalse(j.get("passed").asBoolean());
        assertEquals(node, j.get("first_divergence").get("node").asText(), r.out());
        assertTrue(r.out().contains("first divergence: node '" + node + "'"), r.out());
        Run ts = verify(s(g.resolve("torchscript.pt")), s(perturbed), "--input", s(g.resolve("input.npy")));
        assertEquals(1, ts.code(), ts.out() + ts.err());
        // the IR on the pytorch backend against the perturbed file on ONNX Runtime: same node
        Run ir = verify(s(g.resolve("model.onnx")), s(perturbed), "--per-layer", "--backend-source", "pytorch");
        assertEquals(1, ir.code(), ir.out() + ir.err());
        assertTrue(ir.out().contains("first divergence: node '" + node + "'"), ir.out());
    }

    /**
     * Copies an ONNX file with the first element of its first 4-D weight (a Conv weight) raised by
     * 1e-2, using python3-onnx; returns the name of the node that reads that weight.
     */
    private static String perturb(Path in, Path out) throws Exception {
        String py = String.join("\n",
                "import sys, onnx",
                "from onnx import numpy_helper",
                "m = onnx.load(sys.argv[1])",
                "inits = [t for t in m.graph.initializer if len(t.dims) == 4]",
                "t = inits[len(inits) // 2]",
                "a = numpy_helper.to_array(t).copy()",
                "a.flat[0] += 1e-2",
                "t.CopyFrom(numpy_helper.from_array(a, t.name))",
                "onnx.save(m, sys.argv[2])",
                "print([n.name for n in m.graph.node if t.name in n.input][0])");
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", py, in.toString(), out.toString())
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assumeTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, () -> "python3-onnx unavailable: " + text);
        return text.lines().reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void usageErrorsExitTwo() {
        Path g = golden("convnet_flatten");
        String onnx = s(g.resolve("model.onnx"));
        assertEquals(2, verify(onnx).code(), "one model without --expected");
        assertEquals(2, verify(s(tmp.resolve("nope.onnx")), onnx).code(), "missing file");
        assertEquals(2, verify(onnx, onnx, "--device", "tpu").code(), "bad device");
        assertEquals(2, verify(onnx, onnx, "--shape", "input=1xQ").code(), "bad shape");
        assertEquals(2, verify(onnx, onnx, "--input", "other=" + s(g.resolve("input.npy"))).code(), "unknown input");
        assertEquals(2, verify(onnx, onnx, "--backend-source", "nope").code(), "unknown backend");
        assertEquals(2, verify(onnx, onnx, "--expected", s(g.resolve("expected.npy"))).code(), "--expected with two");
        Run gpu = verify(onnx, onnx, "--device", "gpu");
        assertEquals(3, gpu.code(), gpu.err());
        assertTrue(gpu.err().contains("--device gpu:0"), gpu.err());
    }

    @Test
    void perLayerOnTorchScriptSaysWhyItIsUnavailable() {
        Path g = golden("convnet_flatten");
        Run r = verify(s(g.resolve("torchscript.pt")), s(g.resolve("model.onnx")), "--per-layer");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("per-layer: unavailable: backend 'torchscript' records no intermediates"), r.out());
    }

    /**
     * Files ONNX Runtime 1.21 cannot load although they are fine: no kernel for BatchNormalization-6
     * (PyTorch's old exports), or an IR version newer than it knows (13; it takes up to 10). The
     * source then runs as read into the IR, the report says so, and the verification still
     * compares; with the engine named on the command line the refusal stands (exit 3, not 4: the
     * file is not malformed).
     */
    @ParameterizedTest
    @ValueSource(strings = {"onnx-pytorch-converted/test_BatchNorm2d_eval|BatchNormalization(6)",
        "onnx-node/test_transpose_default|Unsupported model IR version"})
    void anOnnxFileOnnxRuntimeCannotLoadRunsAsRead(String spec) {
        String[] parts = spec.split("\\|");
        Path model = BatchCommandTest.CORPUS.resolve(parts[0] + "/model.onnx");
        assumeTrue(Files.isRegularFile(model), "corpus file " + model + " is absent");
        Path converted = tmp.resolve("converted_savedmodel");
        CliTest.Result c = CliTest.rosetta("convert", s(model), "-o", s(converted), "--to", "savedmodel");
        assertEquals(0, c.code(), c.err());
        Run r = verify(s(model), s(converted));
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("note: source ran as Rosetta reads it, on onnxruntime: onnxruntime could not load "
                + "the file"), r.out());
        assertTrue(r.out().contains(parts[1]), r.out());
        assertTrue(r.out().contains("source:    IR of"), r.out());

        Run forced = verify(s(model), s(converted), "--backend-source", "onnxruntime");
        assertEquals(3, forced.code(), forced.out() + forced.err());
        assertTrue(forced.err().contains(parts[1]), forced.err());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
