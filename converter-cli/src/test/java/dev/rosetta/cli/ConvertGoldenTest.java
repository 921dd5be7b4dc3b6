package dev.rosetta.cli;

import static dev.rosetta.cli.CliTest.rosetta;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conversions of the golden models through the command line, with real PyTorch and the ONNX
 * checker as oracles for what we write.
 */
class ConvertGoldenTest {
    static final Path GOLDEN = Path.of(System.getProperty("rosetta.golden", "golden-models"));
    static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path dir;

    static boolean python(String module) {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import " + module).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static String runPython(String script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(PYTHON.toString(), "-c", script));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "python timed out");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void inspectRecognizesTheGoldenResnet() throws IOException {
        CliTest.Result r = rosetta("inspect", "--json", GOLDEN.resolve("resnet_bottleneck_narrow/state_dict.pt").toString());
        assertEquals(0, r.code(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertTrue(root.get("metadata").get("architecture").asText().contains("Bottleneck"), r.out());
        assertTrue(root.get("graph").get("has_computation").asBoolean());
        assertEquals(122, root.get("tensors").size());
        assertTrue(root.get("unsupported").isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"resnet_basic_narrow", "resnet_bottleneck_narrow"})
    void stateDictToOnnxPassesTheOnnxChecker(String model) throws Exception {
        Path out = dir.resolve(model + ".onnx");
        CliTest.Result r = rosetta("convert", GOLDEN.resolve(model + "/state_dict.pt").toString(), "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        Assumptions.assumeTrue(python("onnx"), "python3-onnx is not installed: the ONNX checker cannot run");
        String checked = runPython("import onnx,sys; m=onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True);"
                + " print(len(m.graph.node))", out.toString());
        assertTrue(Integer.parseInt(checked.strip()) > 40, checked);
    }

    @Test
    void unrecognizedStateDictNeedsAGraphForOnnx() throws IOException {
        Path sd = GOLDEN.resolve("convnet_flatten/state_dict.pt");
        Path out = dir.resolve("c.onnx");
        CliTest.Result refused = rosetta("convert", sd.toString(), "-o", out.toString());
        assertEquals(3, refused.code(), refused.err());
        assertTrue(refused.err().contains("--graph"), refused.err());
        assertTrue(Files.notExists(out));
        CliTest.Result bound = rosetta("convert", sd.toString(), "-o", out.toString(),
                "--graph", GOLDEN.resolve("convnet_flatten/model.onnx").toString());
        assertEquals(0, bound.code(), bound.err());
        assertTrue(bound.out().contains("unused: bn1.num_batches_tracked"), bound.out());
    }

    /**
     * Golden ResNet state dict → another format → back to .pt: real PyTorch finds every tensor
     * bit-identical (names, dtypes, values), loads it strictly into the model and reproduces
     * {@code expected.npy} exactly. ONNX, Keras .h5 and SavedModel hold a graph, so this also crosses
     * the layout passes (NCHW → NHWC → NCHW for .h5 and SavedModel).
     */
    @ParameterizedTest
    @ValueSource(strings = {".pt", ".safetensors", ".onnx", ".h5", "_savedmodel"})
    void stateDictRoundTripsBitExactThroughRealPytorch(String ext) throws Exception {
        Path sd = GOLDEN.resolve("resnet_basic_narrow/state_dict.pt");
        Path mid = dir.resolve("mid" + ext);
        Path back = dir.resolve("back.pt");
        CliTest.Result there = rosetta("convert", sd.toString(), "-o", mid.toString());
        assertEquals(0, there.code(), there.err());
        CliTest.Result r = rosetta("convert", mid.toString(), "-o", back.toString());
        assertEquals(0, r.code(), r.err());
        Assumptions.assumeTrue(python("torch"), "python3-torch is not installed: real PyTorch cannot check the file");
        Path scripts = Path.of(System.getProperty("rosetta.root", ".")).resolve("scripts");
        String script = String.join("\n",
                "import sys, numpy, torch",
                "sys.path.insert(0, sys.argv[3])",
                "from torchvision.models.resnet import BasicBlock",
                "from generate_golden_torch import NarrowResNet",
                "orig = torch.load(sys.argv[1], weights_only=True)",
                "back = torch.load(sys.argv[2], weights_only=True)",
                "assert sorted(orig) == sorted(back), set(orig) ^ set(back)",
                "for k in orig:",
                "    assert orig[k].dtype == back[k].dtype and torch.equal(orig[k], back[k]), k",
                "model = NarrowResNet(BasicBlock, [2, 1, 1, 1], [8, 16, 32, 64], 8, 10)",
                "model.load_state_dict(back, strict=True)",
                "model.eval()",
                "x = torch.from_numpy(numpy.load(sys.argv[4]))",
                "with torch.no_grad():",
                "    y = model(x).numpy()",
                "assert numpy.array_equal(y, numpy.load(sys.argv[5])), abs(y - numpy.load(sys.argv[5])).max()",
                "print('identical', len(orig))");
        String out = runPython(script, sd.toString(), back.toString(), scripts.toString(),
                GOLDEN.resolve("resnet_basic_narrow/input.npy").toString(),
                GOLDEN.resolve("resnet_basic_narrow/expected.npy").toString());
        assertTrue(out.contains("identical 86"), out);
    }

    /**
     * A model whose first layer is a convolution (convnet_flatten), written to Keras with its
     * channels-first input kept (a Permute before the first convolution) and converted back to ONNX:
     * the first convolution must become channels-first again, with its weight OIHW (it stayed NHWC,
     * so ONNX refused it and a .pt kept the HWIO weight), and the result must compute what the
     * original computes on ONNX Runtime.
     */
    @ParameterizedTest
    @ValueSource(strings = {".h5", ".keras"})
    void aConvolutionRightAfterTheInputComesBackFromKeras(String ext) throws IOException {
        Path onnx = GOLDEN.resolve("convnet_flatten/model.onnx");
        Path keras = dir.resolve("mid" + ext);
        Path back = dir.resolve("back.onnx");
        CliTest.Result there = rosetta("convert", onnx.toString(), "-o", keras.toString());
        assertEquals(0, there.code(), there.err());
        CliTest.Result r = rosetta("convert", keras.toString(), "-o", back.toString());
        assertEquals(0, r.code(), r.err());
        CliTest.Result same = rosetta("verify", onnx.toString(), back.toString());
        assertEquals(0, same.code(), same.out() + same.err());
    }

    @Test
    void truncatedStateDictIsMalformedNotUnknown() throws IOException {
        byte[] all = Files.readAllBytes(GOLDEN.resolve("resnet_basic_narrow/state_dict.pt"));
        Path cut = Files.write(dir.resolve("cut.pt"), java.util.Arrays.copyOf(all, all.length / 2));
        CliTest.Result r = rosetta("inspect", cut.toString());
        assertEquals(4, r.code(), r.err());
        assertTrue(r.err().contains("cut.pt") && r.err().contains("truncated"), r.err());
    }
}
