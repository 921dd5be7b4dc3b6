package dev.rosetta.formats.pytorch.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Value;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MobileNetV2 and VGG recognition from torchvision-shaped state dicts (synthetic: no Python needed). */
class MobileNetV2AndVggRecognitionTest {

    @Test
    void mobilenetV2() {
        Graph g = StateDicts.mobilenetV2(1.0, 1000).graph();
        Architecture a = ResNetRecognitionTest.recognize(g);
        assertEquals("mobilenet_v2", a.family());
        assertEquals("mobilenet_v2", a.variant());
        assertEquals("torchvision mobilenet_v2 (17 inverted residual blocks, 1000 classes)", a.description());
        a.build(g, InputSize.fixed(224, 224));
        g.validate();
        assertEquals(Map.of("Conv", 52, "BatchNormalization", 52, "Clip", 35, "Add", 10, "Constant", 2,
                "GlobalAveragePool", 1, "Flatten", 1, "Gemm", 1), GraphJson.histogram(g));
        Map<String, Node> byName = new java.util.HashMap<>();
        g.nodes().forEach(n -> byName.put(n.name(), n));
        Node dw = byName.get("features.2.conv.1.0");
        assertEquals(96, dw.attrInt("group", -1), "depthwise: group = channels");
        assertEquals(List.of(2L, 2L), java.util.Arrays.stream(dw.attrInts("strides", null)).boxed().toList());
        Node clip = byName.get("features.2.conv.1.2");
        assertEquals("Clip", clip.opType());
        assertEquals(List.of("features.2.conv.1.1", "relu6.min", "relu6.max"), clip.inputs().stream().map(Value::name).toList());
        assertEquals(6.0, clip.input(2).producer().attributes().get("value") instanceof dev.rosetta.ir.Attribute.TensorValue t
                ? t.value().getDouble(0) : -1);
        assertTrue(byName.containsKey("features.3.add"));
        assertTrue(!byName.containsKey("features.2.add"), "a stride-2 block adds nothing");
        assertEquals("classifier.1", g.outputs().get(0).producer().name());
        assertEquals("[batch, 1280, 7, 7]", g.valuesByName().get("features.18.2").shape().toString());
        assertEquals("[batch, 1000]", g.outputs().get(0).shape().toString());
        assertTrue(g.initializer("relu6.min") == null, "the clip bounds are Constant nodes, not initializers");
    }

    @Test
    void mobilenetV2AtOtherWidths() {
        for (double w : new double[] {0.5, 0.75, 1.4}) {
            Graph g = StateDicts.mobilenetV2(w, 10).graph();
            Architecture a = ResNetRecognitionTest.recognize(g);
            assertEquals("mobilenet_v2-custom", a.variant(), "width " + w);
            a.build(g, InputSize.symbolic());
            g.validate();
        }
    }

    @Test
    void vgg11BnAndVgg16() {
        Graph g = StateDicts.vgg(StateDicts.VGG11, true, 1000).graph();
        Architecture a = ResNetRecognitionTest.recognize(g);
        assertEquals("vgg11_bn", a.variant());
        assertEquals("torchvision vgg11_bn (8 conv layers with batch norm, 1000 classes)", a.description());
        a.build(g, InputSize.symbolic());
        g.validate();
        assertEquals(Map.of("Conv", 8, "BatchNormalization", 8, "Relu", 10, "MaxPool", 5, "Identity", 1,
                "Flatten", 1, "Gemm", 3), GraphJson.histogram(g));
        assertEquals("[batch, 3, 224, 224]", g.inputs().get(0).shape().toString(), "VGG graphs have a fixed 224x224 input");
        assertEquals("[batch, 25088]", g.valuesByName().get("flatten").shape().toString());
        List<String> names = g.nodes().stream().map(Node::name).toList();
        assertEquals(List.of("features.0", "features.1", "features.2", "features.3", "features.4"), names.subList(0, 5));
        assertTrue(names.contains("features.28"), "the final pool sits after the last ReLU: " + names);
        assertEquals(List.of("avgpool", "flatten", "classifier.0", "classifier.1", "classifier.3", "classifier.4",
                "classifier.6"), names.subList(names.size() - 7, names.size()));

        Graph v16 = StateDicts.vgg(StateDicts.VGG16, false, 10).graph();
        Architecture a16 = ResNetRecognitionTest.recognize(v16);
        assertEquals("torchvision vgg16 (13 conv layers, 10 classes)", a16.description());
        a16.build(v16, InputSize.symbolic());
        v16.validate();
        assertEquals("MaxPool", v16.nodes().stream().filter(n -> n.name().equals("features.30")).findFirst().get().opType());
    }

    @Test
    void vggAdaptivePoolIsExactOrRefused() {
        Graph g = StateDicts.vgg(StateDicts.VGG11, false, 10).graph();
        Architecture a = ResNetRecognitionTest.recognize(g);
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> a.build(g, InputSize.fixed(300, 300)));
        assertTrue(e.getMessage().contains("9x9"), e.getMessage());
        assertTrue(g.nodes().isEmpty() && g.inputs().isEmpty(), "nothing was built");
        a.build(g, InputSize.fixed(448, 448));
        g.validate();
        Node pool = g.nodes().stream().filter(n -> n.name().equals("avgpool")).findFirst().get();
        assertEquals("AveragePool", pool.opType());
        assertEquals(List.of(2L, 2L), java.util.Arrays.stream(pool.attrInts("kernel_shape", null)).boxed().toList());
        assertEquals("[batch, 512, 7, 7]", pool.output(0).shape().toString());
    }

    @Test
    void customVggConfiguration() {
        long[] cfg = {16, -1, 32, 32, -1, -1, 64, -1};
        Graph g = StateDicts.vgg(cfg, true, 3).graph();
        Architecture a = ResNetRecognitionTest.recognize(g);
        assertEquals("vgg-custom", a.variant());
        assertTrue(a.description().contains("config [16,M,32,32,M,M,64,M]"), a.description());
        a.build(g, InputSize.fixed(7 * 16, 7 * 16));
        g.validate();
    }
}
