package dev.rosetta.layout.pass;

import static dev.rosetta.layout.testing.G.s;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import dev.rosetta.ir.pass.GraphPass;
import dev.rosetta.ir.pass.PassManager;
import dev.rosetta.ir.pass.PassResult;
import dev.rosetta.layout.IoLayout;
import dev.rosetta.layout.testing.G;
import dev.rosetta.layout.testing.Nd;
import dev.rosetta.layout.testing.RefEval;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToChannelsLastTest {

    static List<String> run(Graph g, GraphPass... passes) {
        List<String> log = new ArrayList<>();
        for (PassResult r : new PassManager(List.of(passes)).run(g)) {
            log.addAll(r.log());
        }
        return log;
    }

    static void assertSame(Map<String, Nd> a, Map<String, Nd> b) {
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            double d = a.get(k).maxAbsDiff(b.get(k));
            assertTrue(d < 1e-9, k + " differs by " + d);
        }
    }

    /** NCHW inputs of a graph converted with io-layout nhwc: the same data, permuted. */
    static Map<String, Nd> toNhwc(Map<String, Nd> in) {
        Map<String, Nd> m = new java.util.HashMap<>();
        in.forEach((k, v) -> m.put(k, v.rank() == 4 ? v.transpose(0, 2, 3, 1) : v));
        return m;
    }

    /** x(1,3,8,8) → Conv → BN → Relu → MaxPool → Conv → Flatten → Gemm; the middle map is C=H=W=4. */
    static G chain() {
        G g = new G(1);
        Value x = g.input("x", Layout.NCHW, 1, 3, 8, 8);
        Value c1 = g.op("Conv", List.of(x, g.weight("conv1.weight", Layout.OIHW, 4, 3, 3, 3), g.weight("conv1.bias", Layout.NONE, 4)),
                Layout.NCHW, s(1, 4, 8, 8), "pads", s(1, 1, 1, 1));
        Value bn = g.op("BatchNormalization", List.of(c1, g.weight("bn.scale", Layout.NONE, 4), g.weight("bn.bias", Layout.NONE, 4),
                g.weight("bn.mean", Layout.NONE, 4), g.positive("bn.var", 4)), Layout.NCHW, s(1, 4, 8, 8));
        Value r = g.op("Relu", List.of(bn), Layout.NCHW, s(1, 4, 8, 8));
        Value p = g.op("MaxPool", List.of(r), Layout.NCHW, s(1, 4, 4, 4), "kernel_shape", s(2, 2), "strides", s(2, 2));
        Value c2 = g.op("Conv", List.of(p, g.weight("conv2.weight", Layout.OIHW, 5, 4, 3, 3)), Layout.NCHW, s(1, 5, 4, 4),
                "pads", s(1, 1, 1, 1));
        Value f = g.op("Flatten", List.of(c2), Layout.NONE, s(1, 80), "axis", 1);
        Value y = g.op("Gemm", List.of(f, g.weight("fc.weight", Layout.OI, 6, 80), g.weight("fc.bias", Layout.NONE, 6)),
                Layout.NONE, s(1, 6), "transB", 1);
        g.output(y);
        return g;
    }

    @Test
    void chainConvertsWithOneBoundaryTransposeAndComputesTheSame() {
        G g = chain();
        Map<String, Nd> in = g.randomInputs(5);
        Map<String, Nd> before = RefEval.run(g.graph, in);
        Map<String, Tensor> w0 = G.snapshot(g.graph);
        List<String> log = run(g.graph, new ToChannelsLast(IoLayout.KEEP));
        g.graph.validate();

        for (Node n : G.ops(g.graph, "Conv")) {
            assertEquals("NHWC", n.attrString("layout", null));
            assertEquals(Layout.NHWC, n.input(0).layout());
            assertEquals(Layout.NHWC, n.output(0).layout());
            assertEquals(Layout.HWIO, n.input(1).layout());
        }
        assertEquals("NHWC", G.ops(g.graph, "BatchNormalization").get(0).attrString("layout", null));
        Node pool = G.ops(g.graph, "MaxPool").get(0);
        assertEquals(Layout.NHWC, pool.output(0).layout());
        assertArrayEquals(s(1, 4, 4, 4), pool.output(0).shape().toArray());
        assertArrayEquals(s(1, 8, 8, 4), G.ops(g.graph, "Relu").get(0).output(0).shape().toArray());

        assertHwio(w0.get("conv1.weight"), g.graph.initializer("conv1.weight").constant());
        assertHwio(w0.get("conv2.weight"), g.graph.initializer("conv2.weight").constant());
        assertTrue(w0.get("conv1.bias").contentEquals(g.graph.initializer("conv1.bias").constant()));
        // fc columns: C,H,W order -> H,W,C order for the (5, 4, 4) map
        Tensor fc0 = w0.get("fc.weight");
        Tensor fc1 = g.graph.initializer("fc.weight").constant();
        for (int o = 0; o < 6; o++) {
            for (int c = 0; c < 5; c++) {
                for (int h = 0; h < 4; h++) {
                    for (int w = 0; w < 4; w++) {
                        assertEquals(fc0.getDouble(o * 80 + (c * 4 + h) * 4 + w), fc1.getDouble(o * 80 + (h * 4 + w) * 5 + c));
                    }
                }
            }
        }
        List<Node> t = G.ops(g.graph, "Transpose");
        assertEquals(1, t.size());
        assertEquals(g.graph.inputs().get(0), t.get(0).input(0));
        assertTrue(log.stream().anyMatch(l -> l.startsWith("inserted Transpose") && l.contains("graph input 'x' stays NCHW")), log::toString);
        assertSame(before, RefEval.run(g.graph, in));
    }

    static void assertHwio(Tensor oihw, Tensor hwio) {
        long[] s = oihw.shape();
        assertArrayEquals(s(s[2], s[3], s[1], s[0]), hwio.shape());
        for (long o = 0; o < s[0]; o++) {
            for (long i = 0; i < s[1]; i++) {
                for (long h = 0; h < s[2]; h++) {
                    for (long w = 0; w < s[3]; w++) {
                        assertEquals(oihw.getDouble(((o * s[1] + i) * s[2] + h) * s[3] + w),
                                hwio.getDouble(((h * s[3] + w) * s[1] + i) * s[0] + o));
                    }
                }
            }
        }
    }

    @Test
    void ioLayoutNhwcNeedsNoTransposeAtAll() {
        G g = chain();
        Map<String, Nd> in = g.randomInputs(6);
        Map<String, Nd> before = RefEval.run(g.graph, in);
        List<String> log = run(g.graph, new ToChannelsLast(IoLayout.NHWC));
        assertTrue(G.ops(g.graph, "Transpose").isEmpty(), log::toString);
        Value x = g.graph.inputs().get(0);
        assertEquals(Layout.NHWC, x.layout());
        assertArrayEquals(s(1, 8, 8, 3), x.shape().toArray());
        assertTrue(log.stream().anyMatch(l -> l.contains("graph input 'x' is now NHWC")));
        assertSame(before, RefEval.run(g.graph, toNhwc(in)));
    }

    @Test
    void depthwiseWeightsBecomeHwcm() {
        G g = new G(2);
        Value x = g.input("x", Layout.NCHW, 1, 3, 5, 5);
        Value dw = g.weight("dw", Layout.OIHW, 6, 1, 3, 3);
        Value y = g.op("Conv", List.of(x, dw), Layout.NCHW, s(1, 6, 5, 5), "group", 3, "pads", s(1, 1, 1, 1));
        Value r = g.op("Relu", List.of(y), Layout.NCHW, s(1, 6, 5, 5));
        g.output(r);
        Map<String, Nd> in = g.randomInputs(1);
        Map<String, Nd> before = RefEval.run(g.graph, in);
        Tensor w0 = G.snapshot(g.graph).get("dw");
        run(g.graph, new ToChannelsLast(IoLayout.NHWC));
        Tensor w1 = g.graph.initializer("dw").constant();
        assertEquals(Layout.HWCM, g.graph.initializer("dw").layout());
        assertArrayEquals(s(3, 3, 3, 2), w1.shape());
        for (int c = 0; c < 3; c++) {
            for (int m = 0; m < 2; m++) {
                for (int h = 0; h < 3; h++) {
                    for (int w = 0; w < 3; w++) {
                        assertEquals(w0.getDouble(((c * 2 + m) * 3 + h) * 3 + w), w1.getDouble(((h * 3 + w) * 3 + c) * 2 + m));
                    }
                }
            }
        }
        assertSame(toNhwc(before), RefEval.run(g.graph, toNhwc(in)));
    }

    @Test
    void concatOfTwoBranchesMovesItsAxis() {
        G g = new G(3);
        Value x = g.input("x", Layout.NCHW, 2, 3, 4, 6);
        Value a = g.op("Conv", List.of(x, g.weight("a", Layout.OIHW, 2, 3, 1, 1)), Layout.NCHW, s(2, 2, 4, 6));
        Value b = g.op("Conv", List.of(x, g.weight("b", Layout.OIHW, 3, 3, 3, 3)), Layout.NCHW, s(2, 3, 4, 6),
                "pads", s(1, 1, 1, 1));
        Value ra = g.op("Relu", List.of(a), Layout.NCHW, s(2, 2, 4, 6));
        Value cat = g.op("Concat", List.of(ra, b), Layout.NCHW, s(2, 5, 4, 6), "axis", 1);
        Value y = g.op("Conv", List.of(cat, g.weight("c", Layout.OIHW, 4, 5, 1, 1)), Layout.NCHW, s(2, 4, 4, 6));
        g.output(y);
        Map<String, Nd> in = g.randomInputs(2);
        Map<String, Nd> before = RefEval.run(g.graph, in);
        List<String> log = run(g.graph, new ToChannelsLast(IoLayout.KEEP));
        Node concat = G.ops(g.graph, "Concat").get(0);
        assertEquals(3, concat.attrInt("axis", -1));
        assertArrayEquals(s(2, 4, 6, 5), concat.output(0).shape().toArray());
        assertEquals(2, G.ops(g.graph, "Transpose").size(), log::toString);
        assertSame(before, RefEval.run(g.graph, in));
    }

    /**
     * A square map (C = H = W = 3): every decision must come from tags, so Softmax over channels,
     * per-channel constants and the flatten permutation still land on the channel axis.
     */
    @Test
    void squareFeatureMapConvertsCorrectly() {
        for (IoLayout io : List.of(IoLayout.KEEP, IoLayout.NHWC)) {
            G g = new G(4);
            Value x = g.input("x", Layout.NCHW, 1, 3, 3, 3);
            Value c = g.op("Conv", List.of(x, g.weight("k", Layout.OIHW, 3, 3, 1, 1)), Layout.NCHW, s(1, 3, 3, 3));
            Value sm = g.op("Softmax", List.of(c), Layout.NCHW, s(1, 3, 3, 3), "axis", 1);
            Value add = g.op("Add", List.of(sm, g.weight("shift", Layout.NONE, 3, 1, 1)), Layout.NCHW, s(1, 3, 3, 3));
            Value mul = g.op("Mul", List.of(add, g.weight("scale", Layout.NONE, 1, 3, 1, 1)), Layout.NCHW, s(1, 3, 3, 3));
            Value mean = g.op("ReduceMean", List.of(mul), Layout.NC, s(1, 3), "axes", s(2, 3), "keepdims", 0);
            Value f = g.op("Flatten", List.of(mul), Layout.NONE, s(1, 27), "axis", 1);
            Value y = g.op("Gemm", List.of(f, g.weight("fc", Layout.OI, 2, 27)), Layout.NONE, s(1, 2), "transB", 1);
            g.output(y);
            g.output(mean);
            Map<String, Nd> in = g.randomInputs(3);
            Map<String, Nd> before = RefEval.run(g.graph, in);
            run(g.graph, new ToChannelsLast(io));
            assertEquals(3, G.ops(g.graph, "Softmax").get(0).attrInt("axis", -1));
            assertArrayEquals(s(3), g.graph.initializer("shift").constant().shape());
            assertArrayEquals(s(1, 1, 1, 3), g.graph.initializer("scale").constant().shape());
            assertArrayEquals(s(1, 2), G.ops(g.graph, "ReduceMean").get(0).attrInts("axes", null));
            assertEquals(io == IoLayout.KEEP ? 1 : 0, G.ops(g.graph, "Transpose").size());
            assertSame(before, RefEval.run(g.graph, io == IoLayout.KEEP ? in : toNhwc(in)));
        }
    }

    @Test
    void perChannelOperandsAndPreluSlopes() {
        G g = new G(5);
        Value x = g.input("x", Layout.NCHW, 1, 4, 2, 5);
        Value c = g.op("Conv", List.of(x, g.weight("k", Layout.OIHW, 4, 4, 1, 1)), Layout.NCHW, s(1, 4, 2, 5));
        Value p = g.op("PRelu", List.of(c, g.weight("slope", Layout.NONE, 4, 1, 1)), Layout.NCHW, s(1, 4, 2, 5));
        Value w = g.op("Mul", List.of(p, g.weight("perW", Layout.NONE, 5)), Layout.NCHW, s(1, 4, 2, 5));
        Value h = g.op("Sub", List.of(g.weight("perHW", Layout.NONE, 2, 5), w), Layout.NCHW, s(1, 4, 2, 5));
        g.output(h);
        Map<String, Nd> in = g.randomInputs(4);
        Map<String, Nd> before = RefEval.run(g.graph, in);
        run(g.graph, new ToChannelsLast(IoLayout.NHWC));
        assertArrayEquals(s(4), g.graph.initializer("slope").constant().shape());
        assertArrayEquals(s(5, 1), g.graph.initializer("perW").constant().shape());
        assertArrayEquals(s(2, 5, 1), g.graph.initializer("perHW").constant().shape());
        assertSame(toNhwc(before), RefEval.run(g.graph, toNhwc(in)));
    }

    @Test
    void opWithoutLayoutFormGetsBoundaryTransposesWithReasons() {
        G g = new G(6);
        Value x = g.input("x", Layout.NCHW, 1, 8, 4, 4);
        Value c = g.op("Conv", List.of(x, g.weight("k1", Layout.OIHW, 8, 8, 1, 1)), Layout.NCHW, s(1, 8, 4, 4));
        Value d = g.op("DepthToSpace", List.of(c), Layout.NCHW, s(1, 2, 8, 8), "blocksize", 2);
        Value y = g.op("Conv", List.of(d, g.weight("k2", Layout.OIHW, 3, 2, 1, 1)), Layout.NCHW, s(1, 3, 8, 8));
        g.output(y);
        List<String> log = run(g.graph, new ToChannelsLast(IoLayout.NHWC));
        assertEquals(2, G.ops(g.graph, "Transpose").size(), log::toString);
        assertTrue(log.stream().anyMatch(l -> l.contains("keeps NCHW: no layout rule for DepthToSpace")), log::toString);
        assertTrue(log.stream().anyMatch(l -> l.contains("which keeps NCHW (no layout rule for DepthToSpace)")), log::toString);
        Node d2s = G.ops(g.graph, "DepthToSpace").get(0);
        assertEquals(Layout.NCHW, d2s.input(0).layout());
        assertEquals(Layout.NCHW, d2s.output(0).layout());
        assertEquals(Layout.NHWC, g.graph.outputs().get(0).layout());
        assertEquals("conv2_out", g.graph.outputs().get(0).name());
    }

    @Test
    void outputsKeepTheirNamesBehindABoundaryTranspose() {
        G g = new G(7);
        Value x = g.input("x", Layout.NCHW, 1, 2, 3, 3);
        Value c = g.op("Conv", List.of(x, g.weight("k", Layout.OIHW, 2, 2, 1, 1)), Layout.NCHW, s(1, 2, 3, 3));
        g.output(c);
        Map<String, Nd> in = g.randomInputs(1);
        Map<String, Nd> before = RefEval.run(g.graph, in);
        run(g.graph, new ToChannelsLast(IoLayout.KEEP));
        Value out = g.graph.outputs().get(0);
        assertEquals("conv0_out", out.name());
        assertEquals(Layout.NCHW, out.layout());
        assertEquals("Transpose", out.producer().opType());
        assertSame(before, RefEval.run(g.graph, in));
    }

    @Test
    void reshapeToBatchByFeaturesIsTheFlattenTrapToo() {
        G g = new G(8);
        Value x = g.input("x", Layout.NCHW, 2, 3, 2, 4);
        Value c = g.op("Conv", List.of(x, g.weight("k", Layout.OIHW, 3, 3, 1, 1)), Layout.NCHW, s(2, 3, 2, 4));
        Value r = g.op("Reshape", List.of(c), Layout.NONE, s(2, 24), "shape", s(0, -1));
        Value y = g.op("MatMul", List.of(r, g.weight("w", Layout.IO, 24, 5)), Layout.NONE, s(2, 5));
        g.output(y);
        Map<String, Nd> in = g.randomInputs(8);
        Map<String, Nd> before = RefEval.run(g.graph, in);
        List<String> log = run(g.graph, new ToChannelsLast(IoLayout.NHWC));
        assertTrue(G.ops(g.graph, "Transpose").isEmpty(), log::toString);
        assertTrue(log.stream().anyMatch(l -> l.contains("flatten CHW->HWC")), log::toString);
        assertSame(before, RefEval.run(g.graph, toNhwc(in)));
    }

    @Test
    void padAndGlobalPoolSqueezeAndReduce() {
        G g = new G(9);
        Value x = g.input("x", Layout.NCHW, 1, 3, 4, 5);
        Value p = g.op("Pad", List.of(x), Layout.NCHW, s(1, 3, 7, 11), "pads", s(0, 0, 1, 2, 0, 0, 2, 4));
        Value c = g.op("Conv", List.of(p, g.weight("k", Layout.OIHW, 4, 3, 3, 3)), Layout.NCHW, s(1, 4, 5, 9));
        Value gp = g.op("GlobalAveragePool", List.of(c), Layout.NCHW, s(1, 4, 1, 1));
        Value sq = g.op("Squeeze", List.of(gp), Layout.NC, s(1, 4), "axes", s(2, 3));
        Value y = g.op("Gemm", List.of(sq, g.weight("fc", Layout.OI, 3, 4)), Layout.NONE, s(1, 3), "transB", 1);
        g.output(y);
        Map<String, Nd> in = g.randomInputs(9);
        Map<String, Nd> before = RefEval.run(g.graph, in);
        List<String> log = run(g.graph, new ToChannelsLast(IoLayout.NHWC));
        assertTrue(G.ops(g.graph, "Transpose").isEmpty(), log::toString);
        Node pad = G.ops(g.graph, "Pad").get(0);
        assertArrayEquals(s(0, 1, 2, 0, 0, 2, 4, 0), pad.attrInts("pads", null));
        assertEquals("NHWC", pad.attrString("layout", null));
        assertArrayEquals(s(1, 2), G.ops(g.graph, "Squeeze").get(0).attrInts("axes", null));
        assertSame(before, RefEval.run(g.graph, toNhwc(in)));
    }

    @Test
    void sharedWeightIsCopiedNotCorrupted() {
        G g = new G(10);
        Value x = g.input("x", Layout.NCHW, 1, 2, 3, 3);
        Value k = g.weight("shared", Layout.OIHW, 2, 2, 1, 1);
        Value a = g.op("Conv", List.of(x, k), Layout.NCHW, s(1, 2, 3, 3));
        Value b = g.op("Conv", List.of(a, k), Layout.NCHW, s(1, 2, 3, 3));
        g.output(b);
        Map<String, Nd> in = g.randomInputs(10);
        Map<String, Nd> before = RefEval.run(g.graph, in);
        run(g.graph, new ToChannelsLast(IoLayout.NHWC));
        assertEquals(1, g.graph.initializers().size());
        assertEquals(Layout.HWIO, g.graph.initializers().get(0).layout());
        assertSame(toNhwc(before), RefEval.run(g.graph, toNhwc(in)));
    }

    @Test
    void convWithRunTimeWeightKeepsItsLayoutAndSaysWhy() {
        G g = new G(11);
        Value x = g.input("x", Layout.NCHW, 1, 2, 3, 3);
        Value w = g.input("w", Layout.OIHW, 2, 2, 1, 1);
        Value a = g.op("Conv", List.of(x, g.weight("k", Layout.OIHW, 2, 2, 1, 1)), Layout.NCHW, s(1, 2, 3, 3));
        Value b = g.op("Conv", List.of(a, w), Layout.NCHW, s(1, 2, 3, 3));
        g.output(b);
        List<String> log = run(g.graph, new ToChannelsLast(IoLayout.NHWC));
        assertEquals(null, G.ops(g.graph, "Conv").get(1).attribute("layout"));
        assertTrue(log.stream().anyMatch(l -> l.contains("its weight 'w' is computed at run time")), log::toString);
        assertEquals(2, G.ops(g.graph, "Transpose").size(), log::toString);
    }

    @Test
    void contradictoryTagsAreRejected() {
        G g = new G(12);
        Value x = g.input("x", Layout.NHWC, 1, 3, 3, 2);
        Value y = g.op("Conv", List.of(x, g.weight("k", Layout.OIHW, 2, 2, 1, 1)), Layout.NCHW, s(1, 2, 3, 3));
        g.output(y);
        dev.rosetta.error.InvalidGraphException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.rosetta.error.InvalidGraphException.class, () -> run(g.graph, new ToChannelsLast(IoLayout.KEEP)));
        assertTrue(e.getMessage().contains("'conv0' (Conv) runs NCHW but its input 'x' is tagged NHWC"), e.getMessage());
        assertTrue(e.getMessage().contains("while running pass 'to-channels-last'"), e.getMessage());
    }

    @Test
    void resizeSliceUnsqueezeAndArgMaxParameters() {
        G g = new G(13);
        Value x = g.input("x", Layout.NCHW, 1, 4, 6, 6);
        Value c = g.op("Conv", List.of(x, g.weight("k", Layout.OIHW, 4, 4, 1, 1)), Layout.NCHW, s(1, 4, 6, 6));
        Value scales = g.graph.addInitializer(Value.constant("scales", Tensor.ofFloats(s(4), 1, 1, 2, 3), Layout.NONE));
        Value up = g.op("Resize", java.util.Arrays.asList(c, null, scales), Layout.NCHW, s(1, 4, 12, 18), "mode", "nearest");
        Value sl = g.op("Slice", List.of(up), Layout.NCHW, s(1, 2, 12, 9), "starts", s(0, 0), "ends", s(2, 9),
                "axes", s(1, 3));
        Value am = g.op("ArgMax", List.of(sl), Layout.UNKNOWN, s(1, 12, 9), "axis", 1, "keepdims", 0);
        g.output(am);
        Value amh = g.op("ArgMax", List.of(sl), Layout.NCW, s(1, 2, 9), "axis", 2, "keepdims", 0);
        g.output(amh);
        Value overN = g.op("ReduceMean", List.of(sl), Layout.UNKNOWN, s(2, 12, 9), "axes", s(0), "keepdims", 0);
        g.output(overN);
        Value nc = g.input("v", Layout.NC, 1, 4);
        Value un = g.op("Unsqueeze", List.of(nc), Layout.NCHW, s(1, 4, 1, 1), "axes", s(2, 3));
        Value mul = g.op("Mul", List.of(c, un), Layout.NCHW, s(1, 4, 6, 6));
        g.output(mul);
        List<String> log = run(g.graph, new ToChannelsLast(IoLayout.NHWC));
        assertArrayEquals(new float[] {1, 2, 3, 1}, g.graph.initializer("scales").constant().toFloatArray());
        assertEquals("NHWC", G.ops(g.graph, "Resize").get(0).attrString("layout", null));
        assertArrayEquals(s(3, 2), G.ops(g.graph, "Slice").get(0).attrInts("axes", null));
        assertArrayEquals(s(1, 2), G.ops(g.graph, "Unsqueeze").get(0).attrInts("axes", null));
        assertEquals(Layout.NHWC, un.layout());
        assertArrayEquals(s(1, 1, 1, 4), un.shape().toArray());
        // over C the result's axes (N, H, W) read the same in both layouts: converted, nothing to retag
        Node argmax = G.ops(g.graph, "ArgMax").get(0);
        assertEquals(3, argmax.attrInt("axis", -1));
        assertEquals(Layout.UNKNOWN, am.layout());
        // over H the result is NCW -> NWC
        assertEquals(1, G.ops(g.graph, "ArgMax").get(1).attrInt("axis", -1));
        assertEquals(Layout.NWC, amh.layout());
        // over N the result (C, H, W) has no tag: kept channels-first behind a transpose
        Node mean = G.ops(g.graph, "ReduceMean").get(0);
        assertEquals(Layout.NCHW, mean.input(0).layout());
        assertTrue(log.stream().anyMatch(l -> l.contains("ReduceMean) keeps NCHW: its result (CHW in the source, HWC in the target) has no layout tag")),
                log::toString);
    }
}
