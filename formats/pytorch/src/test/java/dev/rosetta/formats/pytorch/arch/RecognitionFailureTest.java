package dev.rosetta.formats.pytorch.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

/** State dicts that must not be recognized, each with a reason that names the problem. */
class RecognitionFailureTest {

    private static String rejectedBecause(Graph g) {
        ArchitectureRecognizer.Recognition r = ArchitectureRecognizer.examine(g);
        assertFalse(r.architecture().isPresent(), () -> "unexpectedly recognized " + r.architecture().get().description());
        assertEquals(3, r.rejections().size(), r.rejections().toString());
        return String.join("\n", r.rejections());
    }

    @Test
    void unrelatedKeys() {
        Graph g = new StateDicts.Builder().put("encoder.weight", 4, 4).put("decoder.bias", 4).graph();
        String why = rejectedBecause(g);
        assertTrue(why.contains("resnet: no conv1.weight"), why);
        assertTrue(why.contains("mobilenet_v2: no features.0.0.weight"), why);
        assertTrue(why.contains("vgg: no features.0.weight"), why);
        assertTrue(rejectedBecause(new Graph("empty")).contains("resnet"));
    }

    @Test
    void missingKey() {
        Graph g = StateDicts.resnet(true, new int[] {3, 4, 6, 3}, 1, 64, 1000).remove("layer3.2.bn2.running_var").graph();
        assertTrue(rejectedBecause(g).contains("missing layer3.2.bn2.running_var"));
    }

    @Test
    void missingDownsample() {
        Graph g = StateDicts.resnet(false, new int[] {2, 2, 2, 2}, 1, 64, 1000)
                .remove("layer2.0.downsample.0.weight").graph();
        assertTrue(rejectedBecause(g).contains("missing layer2.0.downsample.0.weight"));
    }

    @Test
    void extraKeysAreNeverSilentlyIgnored() {
        Graph g = StateDicts.resnet(false, new int[] {2, 2, 2, 2}, 1, 64, 1000).put("fc2.weight", 10, 1000).graph();
        String why = rejectedBecause(g);
        assertTrue(why.contains("does not use: fc2.weight"), why);
        Graph conv1Bias = StateDicts.resnet(false, new int[] {2, 2, 2, 2}, 1, 64, 1000).put("conv1.bias", 64).graph();
        assertTrue(rejectedBecause(conv1Bias).contains("conv1.bias"));
    }

    @Test
    void wrongShape() {
        Graph g = StateDicts.resnet(false, new int[] {2, 2, 2, 2}, 1, 64, 1000).remove("layer1.1.conv2.weight")
                .put("layer1.1.conv2.weight", 64, 64, 5, 5).graph();
        assertTrue(rejectedBecause(g).contains("layer1.1.conv2.weight has shape [64, 64, 5, 5]"));
        Graph fc = StateDicts.resnet(false, new int[] {2, 2, 2, 2}, 1, 64, 1000).remove("fc.weight")
                .put("fc.weight", 1000, 511).graph();
        assertTrue(rejectedBecause(fc).contains("fc.weight"));
    }

    @Test
    void extraLayerOrGap() {
        Graph five = StateDicts.resnet(false, new int[] {2, 2, 2, 2}, 1, 64, 1000).put("layer5.0.conv1.weight", 1, 1, 1, 1).graph();
        assertTrue(rejectedBecause(five).contains("expected layer1..layer4"));
        StateDicts.Builder gap = StateDicts.resnet(false, new int[] {3, 2, 2, 2}, 1, 64, 1000);
        for (String p : List.of("conv1.weight", "conv2.weight")) {
            gap.remove("layer1.1." + p);
        }
        for (String bn : List.of("bn1", "bn2")) {
            for (String s : List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked")) {
                gap.remove("layer1.1." + bn + "." + s);
            }
        }
        assertTrue(rejectedBecause(gap.graph()).contains("not numbered 0..n-1"));
    }

    @Test
    void mixedFloatTypes() {
        StateDicts.Builder b = StateDicts.resnet(false, new int[] {2, 2, 2, 2}, 1, 64, 1000).remove("fc.bias");
        b.put("fc.bias", DType.FLOAT64, 1000);
        assertTrue(rejectedBecause(b.graph()).contains("fc.bias has dtype float64"));
    }

    @Test
    void integerWeights() {
        StateDicts.Builder b = StateDicts.resnet(false, new int[] {2, 2, 2, 2}, 1, 64, 1000).remove("conv1.weight");
        b.put("conv1.weight", DType.INT8, 64, 3, 7, 7);
        assertTrue(rejectedBecause(b.graph()).contains("floating-point"));
    }

    @Test
    void mobilenetWithACustomStageLayout() {
        StateDicts.Builder b = StateDicts.mobilenetV2(1.0, 1000);
        // Drop the last inverted residual (features.17) and renumber the final conv: six stages remain.
        String[] suffixes = {"conv.0.0.weight", "conv.1.0.weight", "conv.2.weight"};
        for (String s : suffixes) {
            b.remove("features.17." + s);
        }
        for (String bn : List.of("conv.0.1", "conv.1.1", "conv.3")) {
            for (String s : List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked")) {
                b.remove("features.17." + bn + "." + s);
            }
        }
        Graph g = b.graph();
        String why = rejectedBecause(g);
        assertTrue(why.contains("mobilenet_v2:"), why);
    }

    @Test
    void aFailedBuildLeavesTheGraphAsItWas() {
        Graph g = StateDicts.resnet(false, new int[] {2, 2, 2, 2}, 1, 64, 10).graph();
        Architecture a = ResNetRecognitionTest.recognize(g);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GraphAssembler.buildAtomically(g, "", DType.FLOAT32, asm -> {
                    dev.rosetta.ir.Value x = asm.input(3, InputSize.symbolic());
                    x = asm.conv("conv1", x, 2, 3, 1);
                    asm.batchNorm("bn1", x);
                    throw new IllegalStateException("boom");
                }));
        assertEquals("boom", e.getMessage());
        assertTrue(g.nodes().isEmpty() && g.inputs().isEmpty() && g.outputs().isEmpty());
        for (Value v : g.initializers()) {
            assertTrue(v.uses().isEmpty(), "no dangling uses of " + v.name());
        }
        a.build(g, InputSize.fixed(8, 8));
        g.validate();
        assertEquals("[batch, 512, 1, 1]", g.valuesByName().get("layer4.1.relu_1").shape().toString());
    }

    @Test
    void vggRefusesAnInputThatVanishes() {
        Graph g = StateDicts.vgg(StateDicts.VGG11, false, 10).graph();
        Architecture a = ResNetRecognitionTest.recognize(g);
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> a.build(g, InputSize.fixed(16, 16)));
        assertTrue(e.getMessage().contains("0x0"), e.getMessage());
        assertTrue(g.nodes().isEmpty());
    }
}
