package dev.rosetta.layout.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Value;
import dev.rosetta.layout.IoLayout;
import dev.rosetta.layout.testing.G;
import dev.rosetta.layout.testing.Nd;
import dev.rosetta.layout.testing.RefEval;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InferLayoutTagsTest {

    @Test
    void untaggedGraphGetsTagsFromOpSemanticsThenConverts() {
        G g = ToChannelsLastTest.chain();
        for (Value v : g.graph.valuesByName().values()) {
            v.setLayout(Layout.UNKNOWN);
        }
        Map<String, Nd> in = g.randomInputs(3);
        Map<String, Nd> before = RefEval.run(g.graph, in);
        List<String> log = ToChannelsLastTest.run(g.graph, new InferLayoutTags());
        assertEquals(Layout.NCHW, g.graph.inputs().get(0).layout());
        assertEquals(Layout.OIHW, g.graph.initializer("conv1.weight").layout());
        assertEquals(Layout.OI, g.graph.initializer("fc.weight").layout());
        assertEquals(Layout.NCHW, G.ops(g.graph, "Relu").get(0).output(0).layout());
        assertEquals(Layout.UNKNOWN, G.ops(g.graph, "Flatten").get(0).output(0).layout());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("tagged 6 activations NCHW")), log::toString);

        ToChannelsLastTest.run(g.graph, new ToChannelsLast(IoLayout.NHWC));
        assertTrue(G.ops(g.graph, "Transpose").isEmpty());
        ToChannelsLastTest.assertSame(before, RefEval.run(g.graph, ToChannelsLastTest.toNhwc(in)));
    }

    @Test
    void channelsLastConvWeightsAreTaggedByGroup() {
        G g = new G(4);
        Value x = g.input("x", Layout.UNKNOWN, 1, 5, 5, 6);
        Value dw = g.weight("dw", Layout.UNKNOWN, 3, 3, 6, 1);
        Value pw = g.weight("pw", Layout.UNKNOWN, 1, 1, 6, 4);
        Value a = g.op("Conv", List.of(x, dw), Layout.UNKNOWN, G.s(1, 5, 5, 6), "layout", "NHWC", "group", 6,
                "pads", G.s(1, 1, 1, 1));
        Value b = g.op("Conv", List.of(a, pw), Layout.UNKNOWN, G.s(1, 5, 5, 4), "layout", "NHWC");
        g.output(b);
        ToChannelsLastTest.run(g.graph, new InferLayoutTags());
        assertEquals(Layout.HWCM, dw.layout());
        assertEquals(Layout.HWIO, pw.layout());
        assertEquals(Layout.NHWC, x.layout());
        assertEquals(Layout.NHWC, b.layout());
    }
}
