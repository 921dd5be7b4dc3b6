package dev.rosetta.layout.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.ir.Layout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ResNetNamesTest {

    /** torchvision ResNet-50 state-dict keys (Bottleneck blocks; downsample in each stage's first block). */
    static List<String> torchvisionResnet(int[] blocks, boolean bottleneck) {
        List<String> names = new ArrayList<>();
        names.add("conv1.weight");
        bn(names, "bn1");
        int convs = bottleneck ? 3 : 2;
        for (int l = 0; l < 4; l++) {
            for (int b = 0; b < blocks[l]; b++) {
                String p = "layer" + (l + 1) + "." + b + ".";
                for (int k = 1; k <= convs; k++) {
                    names.add(p + "conv" + k + ".weight");
                    bn(names, p + "bn" + k);
                }
                if (b == 0 && (bottleneck || l > 0)) {
                    names.add(p + "downsample.0.weight");
                    bn(names, p + "downsample.1");
                }
            }
        }
        names.add("fc.weight");
        names.add("fc.bias");
        return names;
    }

    private static void bn(List<String> names, String p) {
        for (String s : new String[] {"weight", "bias", "running_mean", "running_var", "num_batches_tracked"}) {
            names.add(p + "." + s);
        }
    }

    @Test
    void knownNamesMapExactly() {
        assertEquals("conv1_conv/kernel", ResNetNames.toKeras("conv1.weight").orElseThrow());
        assertEquals("conv1_bn/gamma", ResNetNames.toKeras("bn1.weight").orElseThrow());
        assertEquals("conv1_bn/moving_variance", ResNetNames.toKeras("bn1.running_var").orElseThrow());
        assertEquals("conv2_block1_1_conv/kernel", ResNetNames.toKeras("layer1.0.conv1.weight").orElseThrow());
        assertEquals("conv4_block6_3_bn/beta", ResNetNames.toKeras("layer3.5.bn3.bias").orElseThrow());
        assertEquals("conv3_block1_0_conv/kernel", ResNetNames.toKeras("layer2.0.downsample.0.weight").orElseThrow());
        assertEquals("conv3_block1_0_bn/moving_mean", ResNetNames.toKeras("layer2.0.downsample.1.running_mean").orElseThrow());
        assertEquals("predictions/kernel", ResNetNames.toKeras("fc.weight").orElseThrow());
        assertEquals("predictions/bias", ResNetNames.toKeras("module.fc.bias").orElseThrow());
        assertEquals(Optional.empty(), ResNetNames.toKeras("bn1.num_batches_tracked"));
        assertEquals(Optional.empty(), ResNetNames.toKeras("classifier.weight"));

        assertEquals("layer4.2.conv3.weight", ResNetNames.toTorchvision("conv5_block3_3_conv/kernel").orElseThrow());
        assertEquals("layer4.2.conv3.weight",
                ResNetNames.toTorchvision("model_weights/conv5_block3_3_conv/conv5_block3_3_conv/kernel:0").orElseThrow());
        assertEquals("layer1.0.downsample.1.running_var", ResNetNames.toTorchvision("conv2_block1_0_bn/moving_variance").orElseThrow());
        assertEquals("layer1.0.conv2.bias", ResNetNames.toTorchvision("conv2_block1_2_conv/bias").orElseThrow());
        assertEquals("fc.weight", ResNetNames.toTorchvision("predictions/kernel").orElseThrow());
        assertEquals(Layout.OIHW, ResNetNames.TORCHVISION_TO_KERAS.map("conv1.weight").orElseThrow().sourceTag());
        assertEquals(Layout.OI, ResNetNames.TORCHVISION_TO_KERAS.map("fc.weight").orElseThrow().sourceTag());
        assertEquals(Layout.HWIO, ResNetNames.KERAS_TO_TORCHVISION.map("conv1_conv/kernel").orElseThrow().sourceTag());
        assertEquals(Layout.IO, ResNetNames.KERAS_TO_TORCHVISION.map("predictions/kernel").orElseThrow().sourceTag());
    }

    @Test
    void everyResnetFamilyNameRoundTrips() {
        for (int[] blocks : new int[][] {{3, 4, 6, 3}, {3, 4, 23, 3}, {3, 8, 36, 3}}) {
            List<String> names = torchvisionResnet(blocks, true);
            Set<String> keras = new HashSet<>();
            int mapped = 0;
            for (String n : names) {
                Optional<String> k = ResNetNames.toKeras(n);
                if (n.endsWith("num_batches_tracked")) {
                    assertTrue(k.isEmpty(), n);
                    continue;
                }
                assertTrue(k.isPresent(), n);
                assertTrue(keras.add(k.get()), "two tensors map to " + k.get());
                assertEquals(n, ResNetNames.toTorchvision(k.get()).orElseThrow());
                mapped++;
            }
            // keras.applications ResNet50 (no conv biases): 53 convs + 53 BN x 4 + dense 2 = 267 for ResNet-50
            if (blocks[2] == 6) {
                assertEquals(53 + 53 * 4 + 2, mapped);
                assertTrue(keras.contains("conv5_block3_3_bn/moving_variance"));
                assertTrue(keras.contains("conv4_block1_0_conv/kernel"));
            }
        }
    }

    /** The real torchvision names, when Debian's torchvision is installed: every key maps and maps back. */
    @Test
    void realTorchvisionResnet50KeysAllMap() throws IOException, InterruptedException {
        Path py = Path.of("/usr/bin/python3");
        Assumptions.assumeTrue(Files.isExecutable(py), "/usr/bin/python3 is absent");
        Process p = new ProcessBuilder(py.toString(), "-c",
                "import torchvision\nfor k in torchvision.models.resnet50().state_dict(): print(k)")
                .redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes());
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        Assumptions.assumeTrue(done && p.exitValue() == 0, "torchvision is not importable by /usr/bin/python3");
        List<String> keys = out.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(torchvisionResnet(new int[] {3, 4, 6, 3}, true), keys);
        for (String k : keys) {
            if (!k.endsWith("num_batches_tracked")) {
                assertEquals(k, ResNetNames.toTorchvision(ResNetNames.toKeras(k).orElseThrow()).orElseThrow());
            }
        }
    }
}
