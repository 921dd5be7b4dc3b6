package dev.rosetta.layout.pass;

import static dev.rosetta.layout.testing.G.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Value;
import dev.rosetta.layout.testing.G;
import dev.rosetta.layout.testing.Nd;
import dev.rosetta.layout.testing.RefEval;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CancelTransposesTest {

    @Test
    void pairsAcrossUnaryOpsCancelWithReasons() {
        G g = new G(31);
        Value x = g.input("x", Layout.NCHW, 1, 2, 3, 4);
        Value a = g.op("Transpose", List.of(x), Layout.NHWC, s(1, 3, 4, 2), "perm", s(0, 2, 3, 1));
        Value b = g.op("Relu", List.of(a), Layout.NHWC, s(1, 3, 4, 2));
        Value c = g.op("Transpose", List.of(b), Layout.NCHW, s(1, 2, 3, 4), "perm", s(0, 3, 1, 2));
        Value y = g.op("Sigmoid", List.of(c), Layout.NCHW, s(1, 2, 3, 4));
        g.output(y);
        Map<String, Nd> in = g.randomInputs(1);
        Map<String, Nd> before = RefEval.run(g.graph, in);
        List<String> log = ToChannelsLastTest.run(g.graph, new CancelTransposes());
        assertTrue(G.ops(g.graph, "Transpose").isEmpty(), log::toString);
        assertTrue(log.stream().anyMatch(l -> l.startsWith("pushed Transpose 'transpose0'")), log::toString);
        assertTrue(log.stream().anyMatch(l -> l.contains("(identity)")), log::toString);
        assertTrue(log.stream().anyMatch(l -> l.contains("is the identity")), log::toString);
        ToChannelsLastTest.assertSame(before, RefEval.run(g.graph, in));
        assertEquals(Layout.NCHW, G.ops(g.graph, "Relu").get(0).output(0).layout());
    }

    @Test
    void consecutiveTransposesMergeIntoOne() {
        G g = new G(32);
        Value x = g.input("x", Layout.NONE, 2, 3, 4);
        Value a = g.op("Transpose", List.of(x), Layout.NONE, s(3, 4, 2), "perm", s(1, 2, 0));
        Value b = g.op("Transpose", List.of(a), Layout.NONE, s(4, 3, 2), "perm", s(1, 0, 2));
        g.output(b);
        Map<String, Nd> in = g.randomInputs(2);
        Map<String, Nd> before = RefEval.run(g.graph, in);
        ToChannelsLastTest.run(g.graph, new CancelTransposes());
        assertEquals(1, G.ops(g.graph, "Transpose").size());
        assertArrayEquals(s(2, 1, 0), G.ops(g.graph, "Transpose").get(0).attrInts("perm", null));
        ToChannelsLastTest.assertSame(before, RefEval.run(g.graph, in));
    }

    @Test
    void identityTransposeProducingAnOutputKeepsTheOutputName() {
        G g = new G(33);
        Value x = g.input("x", Layout.NONE, 2, 3);
        Value r = g.op("Relu", List.of(x), Layout.NONE, s(2, 3));
        Value t = g.op("Transpose", List.of(r), Layout.NONE, s(2, 3), "perm", s(0, 1));
        g.output(t);
        ToChannelsLastTest.run(g.graph, new CancelTransposes());
        assertTrue(G.ops(g.graph, "Transpose").isEmpty());
        assertEquals("transpose1_out", g.graph.outputs().get(0).name());
        assertEquals("Relu", g.graph.outputs().get(0).producer().opType());
    }
}
