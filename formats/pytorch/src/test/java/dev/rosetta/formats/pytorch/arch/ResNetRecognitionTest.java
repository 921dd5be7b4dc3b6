package dev.rosetta.formats.pytorch.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Value;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ResNet recognition from torchvision-shaped state dicts (synthetic: no Python needed). */
class ResNetRecognitionTest {

    static Architecture recognize(Graph g) {
        Optional<Architecture> a = ArchitectureRecognizer.recognize(g);
        assertTrue(a.isPresent(), () -> "not recognized: " + ArchitectureRecognizer.examine(g).rejections());
        return a.get();
    }

    static int[] layers(String s) {
        return java.util.Arrays.stream(s.split("-")).mapToInt(Integer::parseInt).toArray();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "resnet18,         false, 2-2-2-2,  1, 64,  'BasicBlock [2,2,2,2]'",
        "resnet34,         false, 3-4-6-3,  1, 64,  'BasicBlock [3,4,6,3]'",
        "resnet50,         true,  3-4-6-3,  1, 64,  'Bottleneck [3,4,6,3]'",
        "resnet101,        true,  3-4-23-3, 1, 64,  'Bottleneck [3,4,23,3]'",
        "resnet152,        true,  3-8-36-3, 1, 64,  'Bottleneck [3,8,36,3]'",
        "resnext50_32x4d,  true,  3-4-6-3,  32, 4,  'Bottleneck [3,4,6,3]'",
        "resnext101_32x8d, true,  3-4-23-3, 32, 8,  'Bottleneck [3,4,23,3]'",
        "resnext101_64x4d, true,  3-4-23-3, 64, 4,  'Bottleneck [3,4,23,3]'",
        "wide_resnet50_2,  true,  3-4-6-3,  1, 128, 'Bottleneck [3,4,6,3]'",
        "wide_resnet101_2, true,  3-4-23-3, 1, 128, 'Bottleneck [3,4,23,3]'",
    })
    void recognizesEveryTorchvisionResNet(String name, boolean bottleneck, String counts, long groups, long wpg,
                                          String blocks) {
        Graph g = StateDicts.resnet(bottleneck, layers(counts), groups, wpg, 1000).graph();
        Architecture a = recognize(g);
        assertEquals("resnet", a.family());
        assertEquals(name, a.variant());
        String expected = "torchvision " + name + " (" + blocks + (groups > 1 ? ", groups " + groups : "") + ", 1000 classes)";
        assertEquals(expected, a.description());

        a.build(g, InputSize.symbolic());
        g.validate();
        int convs = 1 + java.util.Arrays.stream(layers(counts)).sum() * (bottleneck ? 3 : 2) + 4 - (bottleneck ? 0 : 1);
        int blocksTotal = java.util.Arrays.stream(layers(counts)).sum();
        Map<String, Integer> h = GraphJson.histogram(g);
        assertEquals(convs, h.get("Conv"), "convs");
        assertEquals(convs, h.get("BatchNormalization"));
        assertEquals(1 + blocksTotal * (bottleneck ? 3 : 2), h.get("Relu"));
        assertEquals(blocksTotal, h.get("Add"));
        assertEquals(1, h.get("MaxPool"));
        assertEquals(1, h.get("GlobalAveragePool"));
        assertEquals(1, h.get("Flatten"));
        assertEquals(1, h.get("Gemm"));
        assertEquals(8, h.size(), h.toString());
    }

    @Test
    void resnet50GraphFollowsTorchvisionNamesAndOnnxAttributes() {
        Graph g = StateDicts.resnet(true, new int[] {3, 4, 6, 3}, 1, 64, 1000).graph();
        recognize(g).build(g, InputSize.symbolic());
        Map<String, Node> byName = new java.util.HashMap<>();
        g.nodes().forEach(n -> byName.put(n.name(), n));
        Node conv2 = byName.get("layer2.0.conv2");
        assertEquals("Conv", conv2.opType());
        assertEquals(List.of(2L, 2L), toList(conv2.attrInts("strides", null)), "v1.5: stride on the 3x3 conv");
        assertEquals(List.of(1L, 1L, 1L, 1L), toList(conv2.attrInts("pads", null)));
        assertEquals(List.of(3L, 3L), toList(conv2.attrInts("kernel_shape", null)));
        assertEquals(List.of(1L, 1L), toList(conv2.attrInts("dilations", null)));
        assertEquals(1, conv2.attrInt("group", -1));
        assertEquals("NCHW", conv2.attrString("layout", null));
        assertEquals(2, conv2.inputs().size(), "no bias");
        assertEquals("layer2.0.conv2.weight", conv2.input(1).name());
        assertEquals(dev.rosetta.ir.Layout.OIHW, conv2.input(1).layout());

        Node stem = byName.get("conv1");
        assertEquals(List.of(2L, 2L), toList(stem.attrInts("strides", null)));
        assertEquals(List.of(3L, 3L, 3L, 3L), toList(stem.attrInts("pads", null)));
        assertEquals(List.of(2L, 2L), toList(byName.get("layer2.0.downsample.0").attrInts("strides", null)));
        assertEquals(List.of(1L, 1L), toList(byName.get("layer2.0.conv1").attrInts("strides", null)));
        Node pool = byName.get("maxpool");
        assertEquals(List.of(3L, 3L), toList(pool.attrInts("kernel_shape", null)));
        assertEquals(List.of(2L, 2L), toList(pool.attrInts("strides", null)));
        assertEquals(List.of(1L, 1L, 1L, 1L), toList(pool.attrInts("pads", null)));

        Node bn = byName.get("layer1.0.bn1");
        assertEquals(List.of("layer1.0.conv1", "layer1.0.bn1.weight", "layer1.0.bn1.bias", "layer1.0.bn1.running_mean",
                "layer1.0.bn1.running_var"), bn.inputs().stream().map(Value::name).toList());
        assertEquals(1e-5f, bn.attrFloat("epsilon", 0));
        assertEquals(dev.rosetta.ir.Layout.NONE, bn.input(1).layout());

        Node add = byName.get("layer1.0.add");
        assertEquals(List.of("layer1.0.bn3", "layer1.0.downsample.1"), add.inputs().stream().map(Value::name).toList());
        assertEquals("Relu", byName.get("layer1.0.relu_2").opType());
        assertEquals("layer1.0.add", byName.get("layer1.0.relu_2").input(0).name());
        assertEquals(List.of("layer1.0.relu_2", "layer1.1.relu_2"),
                List.of(byName.get("layer1.1.add").input(1).name(), byName.get("layer1.2.add").input(1).name()),
                "identity shortcuts read the previous block's output");

        Node fc = byName.get("fc");
        assertEquals("Gemm", fc.opType());
        assertEquals(1, fc.attrInt("transB", 0));
        assertEquals(0, fc.attrInt("transA", 1));
        assertEquals(1f, fc.attrFloat("alpha", 0));
        assertEquals(1f, fc.attrFloat("beta", 0));
        assertEquals(dev.rosetta.ir.Layout.OI, fc.input(1).layout());
        assertEquals(1, byName.get("flatten").attrInt("axis", 0));

        assertEquals(1, g.inputs().size());
        Value in = g.inputs().get(0);
        assertEquals("input", in.name());
        assertEquals(dev.rosetta.ir.DType.FLOAT32, in.dtype());
        assertEquals("[batch, 3, height, width]", in.shape().toString());
        assertEquals(dev.rosetta.ir.Layout.NCHW, in.layout());
        assertEquals(List.of("output"), g.outputs().stream().map(Value::name).toList());
        assertEquals("[batch, 1000]", g.outputs().get(0).shape().toString());
        assertEquals(fc, g.outputs().get(0).producer());
        assertEquals(dev.rosetta.ir.Layout.NCHW, byName.get("layer3.2.add").output(0).layout());
        assertEquals(dev.rosetta.ir.Layout.NONE, g.initializer("bn1.num_batches_tracked").layout());
    }

    private static List<Long> toList(long[] v) {
        return java.util.Arrays.stream(v).boxed().toList();
    }

    @Test
    void resnextSetsGroupsOnTheThreeByThreeConvs() {
        Graph g = StateDicts.resnet(true, new int[] {3, 4, 6, 3}, 32, 4, 1000).graph();
        recognize(g).build(g, InputSize.symbolic());
        for (Node n : g.nodes()) {
            if (n.opType().equals("Conv")) {
                long expected = n.name().endsWith(".conv2") ? 32 : 1;
                assertEquals(expected, n.attrInt("group", -1), n.name());
            }
        }
    }

    @Test
    void anyNumberOfClasses() {
        Architecture a = recognize(StateDicts.resnet(false, new int[] {2, 2, 2, 2}, 1, 64, 37).graph());
        assertEquals("resnet18", a.variant());
        assertEquals("torchvision resnet18 (BasicBlock [2,2,2,2], 37 classes)", a.description());
    }

    @Test
    void narrowVariantsAreRecognizedByStructure() {
        Graph g = StateDicts.resnet(false, new int[] {1, 2, 1, 1}, 1, 64, 10, 8, new long[] {8, 16, 24, 32}).graph();
        Architecture a = recognize(g);
        assertEquals("resnet-custom", a.variant());
        assertEquals("torchvision-style ResNet (BasicBlock [1,2,1,1], stem 8, block outputs [8,16,24,32], 10 classes)",
                a.description());
        a.build(g, InputSize.fixed(64, 64));
        g.validate();
        assertEquals("[batch, 10]", g.outputs().get(0).shape().toString());

        Graph b = StateDicts.resnet(true, new int[] {2, 1, 1, 1}, 2, 32, 5, 16, new long[] {4, 8, 8, 16}).graph();
        assertTrue(b.initializer("layer1.0.downsample.0.weight") == null, "no downsample where torchvision has none");
        Architecture ab = recognize(b);
        assertEquals("torchvision-style ResNet (Bottleneck [2,1,1,1], stem 16, block outputs [16,32,32,64], "
                + "inner widths [4,8,8,16], groups 2, 5 classes)", ab.description());
        ab.build(b, InputSize.symbolic());
        b.validate();
    }

    @Test
    void widthsThatDifferFromTorchvisionAreCustom() {
        Architecture a = recognize(StateDicts.resnet(true, new int[] {3, 4, 6, 3}, 1, 64, 1000, 64,
                new long[] {64, 128, 256, 256}).graph());
        assertEquals("resnet-custom", a.variant());
    }

    @Test
    void fixedInputSizeGivesStaticShapes() {
        Graph g = StateDicts.resnet(true, new int[] {3, 4, 6, 3}, 1, 64, 1000).graph();
        recognize(g).build(g, InputSize.fixed(224, 224));
        Map<String, Value> values = g.valuesByName();
        assertEquals("[batch, 64, 56, 56]", values.get("maxpool").shape().toString());
        assertEquals("[batch, 2048, 7, 7]", values.get("layer4.2.relu_2").shape().toString());
        assertEquals("[batch, 2048]", values.get("flatten").shape().toString());
        assertEquals("[batch, 1000]", values.get("output").shape().toString());
    }

    @Test
    void dataParallelPrefixIsHandled() {
        Graph g = StateDicts.resnet(false, new int[] {2, 2, 2, 2}, 1, 64, 1000).graph("module.");
        Architecture a = recognize(g);
        assertEquals("resnet18", a.variant());
        a.build(g, InputSize.symbolic());
        g.validate();
        assertTrue(g.nodes().stream().anyMatch(n -> n.name().equals("module.layer1.0.conv1")));
        assertEquals("module.fc", g.outputs().get(0).producer().name());
    }

    @Test
    void featureExtractorWithoutFc() {
        Graph g = StateDicts.resnet(false, new int[] {2, 2, 2, 2}, 1, 64, 1000).remove("fc.weight").remove("fc.bias").graph();
        Architecture a = recognize(g);
        assertEquals("torchvision resnet18 (BasicBlock [2,2,2,2], no fc head)", a.description());
        a.build(g, InputSize.symbolic());
        assertEquals("Flatten", g.outputs().get(0).producer().opType());
        assertEquals("[batch, 512]", g.outputs().get(0).shape().toString());
    }

    @Test
    void halfPrecisionWeightsGiveHalfPrecisionActivations() {
        StateDicts.Builder b = new StateDicts.Builder().floatType(dev.rosetta.ir.DType.FLOAT16);
        Graph ref = StateDicts.resnet(false, new int[] {2, 2, 2, 2}, 1, 64, 10).graph();
        for (Value v : ref.initializers()) {
            if (v.dtype().isFloatingPoint()) {
                b.put(v.name(), v.constant().shape());
            } else {
                b.put(v.name(), v.dtype(), v.constant().shape());
            }
        }
        Graph g = b.graph();
        recognize(g).build(g, InputSize.symbolic());
        assertEquals(dev.rosetta.ir.DType.FLOAT16, g.inputs().get(0).dtype());
        assertEquals(dev.rosetta.ir.DType.FLOAT16, g.outputs().get(0).dtype());
    }
}
