package dev.rosetta.cli;

import static dev.rosetta.cli.CliTest.rosetta;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real torchvision resnet50 state dict (random weights, randomized BatchNorm statistics, made by
 * real PyTorch here) is recognized as resnet50 from its weights alone, and the graph Rosetta builds
 * computes what PyTorch computes: executed on the PyTorch backend, and exported to ONNX and run by
 * ONNX Runtime.
 */
class Resnet50ParityTest {
    @TempDir
    static Path dir;

    static Path stateDict;
    static Path input;
    static Path expected;

    @BeforeAll
    static void makeModel() throws Exception {
        Assumptions.assumeTrue(ConvertGoldenTest.python("torchvision"),
                "python3-torch/python3-torchvision are not installed: no real resnet50 to check against");
        stateDict = dir.resolve("resnet50.pt");
        input = dir.resolve("input.npy");
        expected = dir.resolve("expected.npy");
        String script = String.join("\n",
                "import sys, numpy, torch, torchvision",
                "torch.manual_seed(50)",
                "m = torchvision.models.resnet50()",
                "with torch.no_grad():",
                "    for mod in m.modules():",
                "        if isinstance(mod, torch.nn.BatchNorm2d):",
                "            n = mod.num_features",
                "            mod.weight.uniform_(0.5, 1.5); mod.bias.normal_(0, 0.2)",
                "            mod.running_mean.normal_(0, 0.2); mod.running_var.uniform_(0.5, 2.0)",
                "m.eval()",
                "x = torch.randn(1, 3, 64, 64, generator=torch.Generator().manual_seed(7))",
                "with torch.no_grad():",
                "    y = m(x)",
                "torch.save(m.state_dict(), sys.argv[1])",
                "numpy.save(sys.argv[2], x.numpy())",
                "numpy.save(sys.argv[3], y.numpy())",
                "print('made', y.shape)");
        String out = ConvertGoldenTest.runPython(script, stateDict.toString(), input.toString(), expected.toString());
        assertTrue(out.contains("made"), out);
    }

    @Test
    void recognizedAsResnet50() throws Exception {
        CliTest.Result r = rosetta("inspect", "--json", stateDict.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode meta = new ObjectMapper().readTree(r.out()).get("metadata");
        assertEquals("resnet50", meta.get("architecture.variant").asText(), meta.toString());
    }

    @Test
    void graphFromWeightsMatchesRealPytorchOnThePytorchBackend() {
        CliTest.Result r = rosetta("verify", stateDict.toString(), "--input", input.toString(),
                "--expected", expected.toString());
        assertEquals(0, r.code(), r.out() + r.err());
    }

    @Test
    void onnxExportMatchesRealPytorchOnOnnxRuntime() {
        Path onnx = dir.resolve("resnet50.onnx");
        CliTest.Result c = rosetta("convert", stateDict.toString(), "-o", onnx.toString());
        assertEquals(0, c.code(), c.err());
        CliTest.Result r = rosetta("verify", onnx.toString(), "--input", input.toString(),
                "--expected", expected.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("onnxruntime"), r.out());
    }

    @Test
    void kerasConversionWithNhwcInputsInsertsNoTransposes() {
        Path h5 = dir.resolve("resnet50.h5");
        CliTest.Result c = rosetta("convert", stateDict.toString(), "-o", h5.toString(), "--io-layout", "nhwc", "--explain");
        assertEquals(0, c.code(), c.err());
        assertTrue(c.out().contains("no boundary transpose"), c.out());
        assertTrue(c.out().lines().noneMatch(l -> l.contains("inserted Transpose")), c.out());
        CliTest.Result r = rosetta("verify", stateDict.toString(), h5.toString(), "--input", input.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("NCHW -> NHWC"), r.out());
    }
}
