package dev.rosetta.layout.pass;

import static dev.rosetta.layout.testing.G.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import dev.rosetta.layout.IoLayout;
import dev.rosetta.layout.testing.G;
import dev.rosetta.layout.testing.Nd;
import dev.rosetta.layout.testing.RefEval;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** channels-first → channels-last → channels-first gives back every tensor bit for bit. */
class RoundTripTest {

    static G depthwiseAndConcat() {
        G g = new G(21);
        Value x = g.input("x", Layout.NCHW, 1, 4, 6, 5);
        Value dw = g.op("Conv", List.of(x, g.weight("dw", Layout.OIHW, 8, 1, 3, 3), g.weight("dw.b", Layout.NONE, 8)),
                Layout.NCHW, s(1, 8, 6, 5), "group", 4, "pads", s(1, 1, 1, 1));
        Value pw = g.op("Conv", List.of(x, g.weight("pw", Layout.OIHW, 3, 4, 1, 1)), Layout.NCHW, s(1, 3, 6, 5));
        Value add = g.op("Add", List.of(pw, g.weight("shift", Layout.NONE, 3, 1, 1)), Layout.NCHW, s(1, 3, 6, 5));
        Value cat = g.op("Concat", List.of(dw, add), Layout.NCHW, s(1, 11, 6, 5), "axis", 1);
        Value f = g.op("Flatten", List.of(cat), Layout.NONE, s(1, 330), "axis", 1);
        Value y = g.op("Gemm", List.of(f, g.weight("fc", Layout.OI, 7, 330)), Layout.NONE, s(1, 7), "transB", 1);
        g.output(y);
        return g;
    }

    @Test
    void roundTripsAreBitExact() {
        for (Supplier<G> make : List.<Supplier<G>>of(ToChannelsLastTest::chain, RoundTripTest::depthwiseAndConcat)) {
            for (IoLayout io : List.of(IoLayout.KEEP, IoLayout.NHWC)) {
                G g = make.get();
                Map<String, Nd> in = g.randomInputs(1);
                Map<String, Nd> before = RefEval.run(g.graph, in);
                Map<String, Tensor> w0 = G.snapshot(g.graph);
                Map<String, Layout> tags0 = new java.util.HashMap<>();
                g.graph.valuesByName().forEach((k, v) -> tags0.put(k, v.layout()));
                int nodes0 = g.graph.nodes().size();

                ToChannelsLastTest.run(g.graph, new ToChannelsLast(io), new CancelTransposes());
                ToChannelsLastTest.run(g.graph, new ToChannelsFirst(io == IoLayout.NHWC ? IoLayout.NCHW : IoLayout.KEEP),
                        new CancelTransposes());

                Map<String, Tensor> w1 = G.snapshot(g.graph);
                assertEquals(w0.keySet(), w1.keySet());
                for (String k : w0.keySet()) {
                    assertTrue(w0.get(k).contentEquals(w1.get(k)), k + " is not bit-exact after the round trip");
                }
                assertEquals(nodes0, g.graph.nodes().size(), "no transposes should remain");
                for (Node n : g.graph.nodes()) {
                    assertNull(n.attribute("layout"), n.describe());
                }
                g.graph.valuesByName().forEach((k, v) -> assertEquals(tags0.get(k), v.layout(), k));
                ToChannelsLastTest.assertSame(before, RefEval.run(g.graph, in));
            }
        }
    }
}
