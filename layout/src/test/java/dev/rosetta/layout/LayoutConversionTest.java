package dev.rosetta.layout;

import static dev.rosetta.layout.testing.G.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import dev.rosetta.layout.naming.NameMap;
import dev.rosetta.layout.testing.G;
import dev.rosetta.layout.testing.Nd;
import dev.rosetta.layout.testing.RefEval;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole conversion on a ResNet-shaped network. */
class LayoutConversionTest {

    private static Value convBn(G g, String name, Value x, long cin, long cout, long k, long stride, long h, boolean relu) {
        long pad = k / 2;
        long oh = (h + 2 * pad - k) / stride + 1;
        Value c = g.op("Conv", List.of(x, g.weight(name + ".weight", Layout.UNKNOWN, cout, cin, k, k)), Layout.UNKNOWN,
                s(1, cout, oh, oh), "strides", s(stride, stride), "pads", s(pad, pad, pad, pad));
        Value b = g.op("BatchNormalization", List.of(c, g.weight(name + ".bn.weight", Layout.NONE, cout),
                g.weight(name + ".bn.bias", Layout.NONE, cout), g.weight(name + ".bn.running_mean", Layout.NONE, cout),
                g.positive(name + ".bn.running_var", cout)), Layout.UNKNOWN, s(1, cout, oh, oh));
        return relu ? g.op("Relu", List.of(b), Layout.UNKNOWN, s(1, cout, oh, oh)) : b;
    }

    /** Stem, two bottleneck blocks (identity and projection shortcut), pooling and a classifier; tags left unknown. */
    static G resnetLike() {
        G g = new G(51);
        Value x = g.input("image", Layout.UNKNOWN, 1, 3, 16, 16);
        Value stem = convBn(g, "conv1", x, 3, 8, 7, 2, 16, true);
        Value pool = g.op("MaxPool", List.of(stem), Layout.UNKNOWN, s(1, 8, 4, 4), "kernel_shape", s(3, 3),
                "strides", s(2, 2), "pads", s(1, 1, 1, 1));
        Value a = convBn(g, "l1.c1", pool, 8, 4, 1, 1, 4, true);
        a = convBn(g, "l1.c2", a, 4, 4, 3, 1, 4, true);
        a = convBn(g, "l1.c3", a, 4, 8, 1, 1, 4, false);
        Value sum1 = g.op("Add", List.of(a, pool), Layout.UNKNOWN, s(1, 8, 4, 4));
        Value out1 = g.op("Relu", List.of(sum1), Layout.UNKNOWN, s(1, 8, 4, 4));
        Value b = convBn(g, "l2.c1", out1, 8, 4, 1, 1, 4, true);
        b = convBn(g, "l2.c2", b, 4, 4, 3, 2, 4, true);
        b = convBn(g, "l2.c3", b, 4, 16, 1, 1, 2, false);
        Value sc = convBn(g, "l2.down", out1, 8, 16, 1, 2, 4, false);
        Value sum2 = g.op("Add", List.of(b, sc), Layout.UNKNOWN, s(1, 16, 2, 2));
        Value out2 = g.op("Relu", List.of(sum2), Layout.UNKNOWN, s(1, 16, 2, 2));
        Value gap = g.op("GlobalAveragePool", List.of(out2), Layout.UNKNOWN, s(1, 16, 1, 1));
        Value flat = g.op("Flatten", List.of(gap), Layout.UNKNOWN, s(1, 16), "axis", 1);
        Value logits = g.op("Gemm", List.of(flat, g.weight("fc.weight", Layout.UNKNOWN, 10, 16),
                g.weight("fc.bias", Layout.NONE, 10)), Layout.UNKNOWN, s(1, 10), "transB", 1);
        g.output(logits);
        return g;
    }

    private static Nd only(Map<String, Nd> outputs) {
        assertEquals(1, outputs.size());
        return outputs.values().iterator().next();
    }

    @Test
    void resnetToNhwcHasNoInteriorTransposes() {
        G g = resnetLike();
        Map<String, Nd> in = g.randomInputs(1);
        Map<String, Nd> before = RefEval.run(g.graph, in);
        Map<String, Tensor> w0 = G.snapshot(g.graph);
        LayoutConversion.Result r = LayoutConversion.toChannelsLast(IoLayout.NHWC).run(g.graph);
        assertTrue(G.ops(g.graph, "Transpose").isEmpty(), r.explain()::toString);
        assertTrue(r.transposeLines().isEmpty(), r.transposeLines()::toString);
        Map<String, Nd> nhwc = new HashMap<>();
        nhwc.put("image", in.get("image").transpose(0, 2, 3, 1));
        double d = only(before).maxAbsDiff(only(RefEval.run(g.graph, nhwc)));
        assertTrue(d < 1e-9, "diff " + d);
        Node gemm = G.ops(g.graph, "Gemm").get(0);
        assertEquals(0, gemm.attrInt("transB", 0));
        assertEquals(Layout.IO, gemm.input(1).layout());

        NameMap m = r.nameMap();
        assertEquals(w0.size(), m.entries().size());
        NameMap.Entry conv = m.bySource("conv1.weight").orElseThrow();
        assertEquals("OIHW->HWIO", conv.transform().label());
        assertEquals(List.of(7L, 7L, 3L, 8L), java.util.Arrays.stream(conv.targetShape()).boxed().toList());
        NameMap.Entry fc = m.bySource("fc.weight").orElseThrow();
        assertEquals("flatten CHW->HWC, OI->IO", fc.transform().label());
        assertTrue(fc.transform().apply(w0.get("fc.weight")).contentEquals(g.graph.initializer("fc.weight").constant()));
        for (NameMap.Entry e : m.entries()) {
            assertTrue(e.transform().apply(w0.get(e.sourceName())).contentEquals(g.graph.initializer(e.targetName()).constant()),
                    e.toString());
        }
    }

    @Test
    void keepIoLayoutExplainsTheOneBoundaryTranspose() {
        G g = resnetLike();
        Map<String, Nd> in = g.randomInputs(2);
        Map<String, Nd> before = RefEval.run(g.graph, in);
        LayoutConversion.Result r = LayoutConversion.toChannelsLast(IoLayout.KEEP).run(g.graph);
        assertEquals(1, G.ops(g.graph, "Transpose").size());
        assertEquals(1, r.transposeLines().size(), r.transposeLines()::toString);
        assertTrue(r.transposeLines().get(0).startsWith("to-channels-last: inserted Transpose"), r.transposeLines()::toString);
        assertTrue(r.transposeLines().get(0).contains("graph input 'image' stays NCHW (io-layout keep)"));
        double d = only(before).maxAbsDiff(only(RefEval.run(g.graph, in)));
        assertTrue(d < 1e-9, "diff " + d);

        Map<String, Tensor> w1 = G.snapshot(g.graph);
        LayoutConversion.Result back = LayoutConversion.toChannelsFirst(IoLayout.KEEP).run(g.graph);
        assertTrue(G.ops(g.graph, "Transpose").isEmpty(), back.explain()::toString);
        assertTrue(back.explain().stream().anyMatch(l -> l.contains("removed Transpose")), back.explain()::toString);
        for (NameMap.Entry e : back.nameMap().entries()) {
            assertTrue(e.transform().apply(w1.get(e.sourceName())).contentEquals(g.graph.initializer(e.targetName()).constant()));
        }
        d = only(before).maxAbsDiff(only(RefEval.run(g.graph, in)));
        assertTrue(d < 1e-9, "diff " + d);
    }
}
