package dev.rosetta.layout.pass;

import static dev.rosetta.layout.testing.G.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import dev.rosetta.layout.DenseWeights;
import dev.rosetta.layout.Direction;
import dev.rosetta.layout.kernel.WeightPermutations;
import dev.rosetta.layout.naming.NameMap;
import dev.rosetta.layout.naming.TransformLedger;
import dev.rosetta.layout.testing.G;
import dev.rosetta.layout.testing.Nd;
import dev.rosetta.layout.testing.RefEval;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightsPassesTest {

    @Test
    void gemmWeightsSwitchBetweenOiAndIo() {
        G g = new G(41);
        Value x = g.input("x", Layout.NC, 2, 5);
        Value y = g.op("Gemm", List.of(x, g.weight("w", Layout.OI, 3, 5), g.weight("b", Layout.NONE, 3)), Layout.NONE,
                s(2, 3), "transB", 1);
        g.output(y);
        Map<String, Nd> in = g.randomInputs(1);
        Map<String, Nd> before = RefEval.run(g.graph, in);
        Tensor w0 = G.snapshot(g.graph).get("w");
        TransformLedger ledger = TransformLedger.start(g.graph);
        ToChannelsLastTest.run(g.graph, new DenseWeightLayout(DenseWeights.IO, ledger));
        Node gemm = g.graph.nodes().get(0);
        assertEquals(0, gemm.attrInt("transB", -1));
        assertEquals(Layout.IO, g.graph.initializer("w").layout());
        assertTrue(WeightPermutations.oiToIo(w0).contentEquals(g.graph.initializer("w").constant()));
        ToChannelsLastTest.assertSame(before, RefEval.run(g.graph, in));
        NameMap m = ledger.toNameMap(g.graph);
        assertEquals("OI->IO", m.bySource("w").orElseThrow().transform().label());

        ToChannelsLastTest.run(g.graph, new DenseWeightLayout(DenseWeights.OI, null));
        assertEquals(1, gemm.attrInt("transB", -1));
        assertTrue(w0.contentEquals(g.graph.initializer("w").constant()));
    }

    /**
     * A channels-first convolution holding a Keras (HWIO) kernel, as a Keras layer with
     * data_format='channels_first' reads: the pass gives it OIHW, and it then computes what the
     * same kernel computes in the channels-last convolution Keras means.
     */
    @Test
    void aChannelsFirstConvolutionHoldingAKerasKernelGetsItsOwnConvention() {
        G keras = new G(43);
        Value xl = keras.input("x", Layout.NHWC, 1, 6, 6, 3);
        keras.output(keras.op("Conv", List.of(xl, keras.weight("k", Layout.HWIO, 3, 3, 3, 4)), Layout.NHWC,
                s(1, 6, 6, 4), "layout", "NHWC", "pads", s(1, 1, 1, 1)));
        Map<String, Nd> in = keras.randomInputs(2);
        Nd expected = RefEval.run(keras.graph, in).values().iterator().next().transpose(0, 3, 1, 2);

        G first = new G(0);
        Value xf = first.input("x", Layout.NCHW, 1, 3, 6, 6);
        Value k = first.graph.addInitializer(Value.constant("k", keras.graph.initializer("k").constant(), Layout.HWIO));
        first.output(first.op("Conv", List.of(xf, k), Layout.NCHW, s(1, 4, 6, 6), "pads", s(1, 1, 1, 1)));
        List<String> log = ToChannelsLastTest.run(first.graph, new ConvWeightConvention(null));
        assertEquals(Layout.OIHW, first.graph.initializer("k").layout(), log::toString);
        assertArrayEquals(s(4, 3, 3, 3), first.graph.initializer("k").constant().shape());
        Nd actual = RefEval.run(first.graph, Map.of("x", in.get("x").transpose(0, 3, 1, 2))).values().iterator().next();
        ToChannelsLastTest.assertSame(Map.of("y", expected), Map.of("y", actual));
    }

    @Test
    void weightsOnlyModelIsReLaidByTags() {
        G g = new G(42);
        g.weight("conv.weight", Layout.OIHW, 8, 3, 3, 3);
        g.weight("deconv.weight", Layout.IOHW, 4, 2, 3, 3);
        g.weight("fc.weight", Layout.OI, 10, 8);
        g.weight("fc.bias", Layout.NONE, 10);
        g.weight("mystery", Layout.UNKNOWN, 4, 4, 4, 4);
        Map<String, Tensor> w0 = G.snapshot(g.graph);
        TransformLedger ledger = TransformLedger.start(g.graph);
        List<String> log = ToChannelsLastTest.run(g.graph,
                new PermuteWeightsByTag(Direction.TO_CHANNELS_LAST, DenseWeights.IO, ledger));
        assertEquals(3, log.size(), log::toString);
        assertEquals(Layout.HWIO, g.graph.initializer("conv.weight").layout());
        assertEquals(Layout.HWOI, g.graph.initializer("deconv.weight").layout());
        assertArrayEquals(s(3, 3, 2, 4), g.graph.initializer("deconv.weight").constant().shape());
        assertArrayEquals(s(8, 10), g.graph.initializer("fc.weight").constant().shape());
        assertTrue(w0.get("mystery").contentEquals(g.graph.initializer("mystery").constant()));
        NameMap m = ledger.toNameMap(g.graph);
        assertArrayEquals(new int[] {2, 3, 1, 0}, m.bySource("conv.weight").orElseThrow().permutation().orElseThrow().axes());

        ToChannelsLastTest.run(g.graph, new PermuteWeightsByTag(Direction.TO_CHANNELS_FIRST, DenseWeights.OI, null));
        for (String k : w0.keySet()) {
            assertTrue(w0.get(k).contentEquals(g.graph.initializer(k).constant()), k);
        }
    }
}
