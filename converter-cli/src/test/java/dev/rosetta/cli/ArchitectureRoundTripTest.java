package dev.rosetta.cli;

import static dev.rosetta.cli.CliTest.rosetta;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The architectures Rosetta recognizes in a bare state dict, beyond the ResNet of
 * {@link ConvertGoldenTest}: a torchvision MobileNetV2 (ReLU6, depthwise convolutions, a first
 * convolution right after the input), a VGG (Flatten before a Linear) and a ResNeXt (grouped
 * convolutions: the SavedModel writes them per group, the reader folds them back), made by real PyTorch,
 * converted with {@code --verify} into a graph format (which crosses the layout passes into
 * channels-last for Keras and SavedModel), converted back to {@code .pt}, and loaded by real
 * PyTorch: every tensor must be the original, bit for bit. Each of the bugs this caught (a
 * first convolution left HWIO on the way back from Keras; MobileNetV2 and ResNeXt refused by the
 * SavedModel writer) passed every single-direction test.
 */
class ArchitectureRoundTripTest {
    @TempDir
    Path dir;

    private static final String MAKE = String.join("\n",
            "import sys, torch, torchvision",
            "torch.manual_seed(0)",
            "from torchvision.models.resnet import ResNet, Bottleneck",
            "if sys.argv[1] == 'mobilenet_v2':",
            "    m = torchvision.models.mobilenet_v2(num_classes=10, width_mult=0.25)",
            "elif sys.argv[1] == 'resnext':",
            "    m = ResNet(Bottleneck, [1, 1, 1, 1], groups=8, width_per_group=4, num_classes=10)",
            "else:",
            "    m = torchvision.models.vgg11(num_classes=10)",
            "    m.classifier[0] = torch.nn.Linear(512 * 7 * 7, 16)",
            "    m.classifier[3] = torch.nn.Linear(16, 16)",
            "    m.classifier[6] = torch.nn.Linear(16, 10)",
            "for mod in m.modules():",
            "    if isinstance(mod, torch.nn.BatchNorm2d):",
            "        mod.running_mean.normal_(0, 0.1)",
            "        mod.running_var.uniform_(0.5, 1.5)",
            "torch.save(m.state_dict(), sys.argv[2])");

    private static final String SAME = String.join("\n",
            "import sys, torch",
            "a = torch.load(sys.argv[1], weights_only=True)",
            "b = torch.load(sys.argv[2], weights_only=True)",
            "assert sorted(a) == sorted(b), sorted(set(a) ^ set(b))[:5]",
            "for k in a:",
            "    assert a[k].dtype == b[k].dtype and a[k].shape == b[k].shape and torch.equal(a[k], b[k]), k",
            "print('identical', len(a))");

    @ParameterizedTest(name = "{0} via {1}")
    @CsvSource({
        "mobilenet_v2, .h5", "mobilenet_v2, .keras", "mobilenet_v2, .onnx", "mobilenet_v2, _savedmodel",
        "vgg, .h5", "vgg, .onnx", "vgg, _savedmodel", "resnext, _savedmodel", "resnext, .h5",
    })
    void stateDictComesBackBitExact(String arch, String via) throws Exception {
        Assumptions.assumeTrue(ConvertGoldenTest.python("torchvision"),
                "python3-torch with torchvision is not installed: real PyTorch cannot make or check the state dicts");
        Path sd = dir.resolve(arch + ".pt");
        ConvertGoldenTest.runPython(MAKE, arch, sd.toString());
        Path mid = dir.resolve(arch + via);
        Path back = dir.resolve("back.pt");
        // The recovered VGG has no adaptive pooling: its classifier needs the 7x7 map of a 224x224 input.
        String size = arch.equals("vgg") ? "224" : "64";
        CliTest.Result there = rosetta("convert", sd.toString(), "-o", mid.toString(), "--verify", "--shape",
                "input=1x3x" + size + "x" + size);
        assertEquals(0, there.code(), there.out() + there.err());
        assertTrue(there.out().contains("PASSED"), there.out());
        CliTest.Result r = rosetta("convert", mid.toString(), "-o", back.toString());
        assertEquals(0, r.code(), r.err());
        String out = ConvertGoldenTest.runPython(SAME, sd.toString(), back.toString());
        assertTrue(out.contains("identical"), out);
    }
}
