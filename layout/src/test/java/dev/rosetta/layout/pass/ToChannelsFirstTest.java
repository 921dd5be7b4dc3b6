package dev.rosetta.layout.pass;

import static dev.rosetta.layout.testing.G.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import dev.rosetta.layout.IoLayout;
import dev.rosetta.layout.kernel.WeightPermutations;
import dev.rosetta.layout.testing.G;
import dev.rosetta.layout.testing.Nd;
import dev.rosetta.layout.testing.RefEval;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Keras-style NHWC graph (untagged weights, as a reader might leave them) to channels-first and back. */
class ToChannelsFirstTest {

    static G kerasLike() {
        G g = new G(71);
        Value x = g.input("x", Layout.NHWC, 1, 6, 6, 3);
        Value c = g.op("Conv", List.of(x, g.weight("conv/kernel", Layout.UNKNOWN, 3, 3, 3, 4), g.weight("conv/bias", Layout.NONE, 4)),
                Layout.NHWC, s(1, 6, 6, 4), "layout", "NHWC", "pads", s(1, 1, 1, 1));
        Value r = g.op("Relu", List.of(c), Layout.NHWC, s(1, 6, 6, 4));
        Value dw = g.op("Conv", List.of(r, g.weight("dw/depthwise_kernel", Layout.UNKNOWN, 3, 3, 4, 2)), Layout.NHWC,
                s(1, 6, 6, 8), "layout", "NHWC", "group", 4, "pads", s(1, 1, 1, 1));
        Value p = g.op("MaxPool", List.of(dw), Layout.NHWC, s(1, 3, 3, 8), "layout", "NHWC", "kernel_shape", s(2, 2),
                "strides", s(2, 2));
        Value f = g.op("Flatten", List.of(p), Layout.NONE, s(1, 72), "axis", 1);
        Value m = g.op("MatMul", List.of(f, g.weight("dense/kernel", Layout.UNKNOWN, 72, 5)), Layout.NONE, s(1, 5));
        Value y = g.op("Add", List.of(m, g.weight("dense/bias", Layout.NONE, 5)), Layout.NONE, s(1, 5));
        g.output(y);
        return g;
    }

    @Test
    void kerasGraphToChannelsFirstAndBackIsExact() {
        G g = kerasLike();
        ToChannelsLastTest.run(g.graph, new InferLayoutTags());
        Map<String, Nd> in = g.randomInputs(7);
        Map<String, Nd> before = RefEval.run(g.graph, in);
        Map<String, Tensor> w0 = G.snapshot(g.graph);
        List<String> log = ToChannelsLastTest.run(g.graph, new ToChannelsFirst(IoLayout.NCHW),
                new CancelTransposes());
        assertTrue(G.ops(g.graph, "Transpose").isEmpty(), log::toString);
        for (Node n : G.ops(g.graph, "Conv")) {
            assertNull(n.attribute("layout"));
            assertEquals(Layout.OIHW, n.input(1).layout());
            assertEquals(Layout.NCHW, n.output(0).layout());
        }
        assertArrayEquals(s(8, 1, 3, 3), g.graph.initializer("dw/depthwise_kernel").constant().shape());
        assertTrue(WeightPermutations.hwcmToDepthwiseOihw(w0.get("dw/depthwise_kernel"))
                .contentEquals(g.graph.initializer("dw/depthwise_kernel").constant()));
        assertTrue(WeightPermutations.hwioToOihw(w0.get("conv/kernel")).contentEquals(g.graph.initializer("conv/kernel").constant()));
        Map<String, Nd> nchw = new HashMap<>();
        nchw.put("x", in.get("x").transpose(0, 3, 1, 2));
        ToChannelsLastTest.assertSame(before, RefEval.run(g.graph, nchw));

        ToChannelsLastTest.run(g.graph, new ToChannelsLast(IoLayout.NHWC), new CancelTransposes());
        for (String k : w0.keySet()) {
            assertTrue(w0.get(k).contentEquals(g.graph.initializer(k).constant()), k);
        }
        assertEquals(Layout.HWCM, g.graph.initializer("dw/depthwise_kernel").layout());
        assertEquals(Layout.HWIO, g.graph.initializer("conv/kernel").layout());
        ToChannelsLastTest.assertSame(before, RefEval.run(g.graph, in));
    }

    @Test
    void convTransposeKernelsMoveBetweenIohwAndHwoi() {
        G g = new G(72);
        Value x = g.input("x", Layout.NCHW, 1, 4, 3, 3);
        Value k = g.weight("up", Layout.UNKNOWN, 4, 2, 3, 3);
        Value y = g.op("ConvTranspose", List.of(x, k), Layout.NCHW, s(1, 2, 5, 5));
        g.output(y);
        Tensor k0 = G.snapshot(g.graph).get("up");
        ToChannelsLastTest.run(g.graph, new InferLayoutTags(), new ToChannelsLast(IoLayout.NHWC));
        assertEquals(Layout.HWOI, k.layout());
        assertTrue(WeightPermutations.iohwToHwoi(k0).contentEquals(k.constant()));
        assertEquals("NHWC", g.graph.nodes().get(0).attrString("layout", null));
        ToChannelsLastTest.run(g.graph, new ToChannelsFirst(IoLayout.NCHW));
        assertEquals(Layout.IOHW, k.layout());
        assertTrue(k0.contentEquals(k.constant()));
    }
}
