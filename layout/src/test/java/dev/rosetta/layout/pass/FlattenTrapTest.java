package dev.rosetta.layout.pass;

import static dev.rosetta.layout.testing.G.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.ir.DType;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import dev.rosetta.layout.IoLayout;
import dev.rosetta.layout.testing.G;
import dev.rosetta.layout.testing.Nd;
import dev.rosetta.layout.testing.RefEval;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The flatten trap: a dense layer after Flatten must see its input features permuted. */
class FlattenTrapTest {

    /**
     * By hand: a (C=2, H=1, W=2) map with channel 0 = [1, 2] and channel 1 = [3, 4]. Flattened
     * channels-first it is [1, 2, 3, 4]; channels-last [1, 3, 2, 4]. A dense layer with weights
     * [10, 20, 30, 40] gives 10 + 40 + 90 + 160 = 300 on the first; on the second it gives
     * 10 + 60 + 60 + 160 = 290 unless its weights are permuted to [10, 30, 20, 40].
     */
    @Test
    void tinyExampleByHand() {
        Graph g = new Graph("hand");
        Value x = g.addInput(new Value("x", DType.FLOAT32, Shape.of(1, 2, 1, 2), Layout.NCHW));
        Value flat = new Value("flat", DType.FLOAT32, Shape.of(1, 4), Layout.NONE);
        Value w = g.addInitializer(Value.constant("w", Tensor.ofFloats(s(1, 4), 10, 20, 30, 40), Layout.OI));
        Value y = new Value("y", DType.FLOAT32, Shape.of(1, 1), Layout.NONE);
        g.addNode(new Node("flatten", "Flatten", List.of(x), List.of(flat), G.attrs("axis", 1)));
        g.addNode(new Node("dense", "Gemm", List.of(flat, w), List.of(y), G.attrs("transB", 1)));
        g.addOutput(y);

        Nd nchw = new Nd(s(1, 2, 1, 2), new double[] {1, 2, 3, 4});
        assertEquals(300, RefEval.run(g, Map.of("x", nchw)).get("y").data()[0]);

        ToChannelsLastTest.run(g, new ToChannelsLast(IoLayout.NHWC));
        Nd nhwc = new Nd(s(1, 1, 2, 2), new double[] {1, 3, 2, 4});
        assertArrayEquals(new float[] {10, 30, 20, 40}, g.initializer("w").constant().toFloatArray());
        assertEquals(300, RefEval.run(g, Map.of("x", nhwc)).get("y").data()[0]);

        // Without the permutation the same NHWC data gives the wrong answer.
        g.initializer("w").setConstant(Tensor.ofFloats(s(1, 4), 10, 20, 30, 40));
        assertEquals(290, RefEval.run(g, Map.of("x", nhwc)).get("y").data()[0]);
    }

    @Test
    void omittingThePermutationBreaksAConvFlattenDenseNet() {
        G g = ToChannelsLastTest.chain();
        Map<String, Nd> in = g.randomInputs(11);
        Map<String, Nd> before = RefEval.run(g.graph, in);
        Tensor fc0 = G.snapshot(g.graph).get("fc.weight");
        List<String> log = ToChannelsLastTest.run(g.graph, new ToChannelsLast(IoLayout.NHWC));
        assertTrue(log.stream().anyMatch(l -> l.contains("Gemm") && l.contains("flatten CHW->HWC") && l.contains("[5, 4, 4]")),
                log::toString);
        Map<String, Nd> nhwc = ToChannelsLastTest.toNhwc(in);
        ToChannelsLastTest.assertSame(before, RefEval.run(g.graph, nhwc));

        g.graph.initializer("fc.weight").setConstant(fc0);
        double diff = before.get("gemm6_out").maxAbsDiff(RefEval.run(g.graph, nhwc).get("gemm6_out"));
        assertTrue(diff > 0.1, "without the row permutation the output should differ, diff " + diff);
    }

    @Test
    void denseWeightInInOutLayoutIsPermutedOnItsRows() {
        G g = new G(12);
        Value x = g.input("x", Layout.NCHW, 1, 3, 2, 2);
        Value c = g.op("Conv", List.of(x, g.weight("k", Layout.OIHW, 3, 3, 1, 1)), Layout.NCHW, s(1, 3, 2, 2));
        Value f = g.op("Flatten", List.of(c), Layout.NONE, s(1, 12), "axis", 1);
        Value y = g.op("Gemm", List.of(f, g.weight("w", Layout.IO, 12, 4)), Layout.NONE, s(1, 4));
        g.output(y);
        Map<String, Nd> in = g.randomInputs(12);
        Map<String, Nd> before = RefEval.run(g.graph, in);
        ToChannelsLastTest.run(g.graph, new ToChannelsLast(IoLayout.NHWC));
        ToChannelsLastTest.assertSame(before, RefEval.run(g.graph, ToChannelsLastTest.toNhwc(in)));
    }

    @Test
    void flattenFeedingSomethingElseKeepsARuntimeTranspose() {
        G g = new G(13);
        Value x = g.input("x", Layout.NCHW, 1, 3, 2, 2);
        Value c = g.op("Conv", List.of(x, g.weight("k", Layout.OIHW, 3, 3, 1, 1)), Layout.NCHW, s(1, 3, 2, 2));
        Value f = g.op("Flatten", List.of(c), Layout.NONE, s(1, 12), "axis", 1);
        g.output(f);
        Map<String, Nd> in = g.randomInputs(13);
        Map<String, Nd> before = RefEval.run(g.graph, in);
        List<String> log = ToChannelsLastTest.run(g.graph, new ToChannelsLast(IoLayout.NHWC));
        assertEquals(1, G.ops(g.graph, "Transpose").size());
        assertTrue(log.stream().anyMatch(l -> l.contains("graph output, whose feature order would change")), log::toString);
        ToChannelsLastTest.assertSame(before, RefEval.run(g.graph, ToChannelsLastTest.toNhwc(in)));
    }
}
