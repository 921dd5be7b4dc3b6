package dev.rosetta.formats.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.FormatProvider;
import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer on IR graphs built by hand: a MobileNetV2-style channels-last block (depthwise conv,
 * ReLU6 as Clip, residual Add, global pooling, Gemm with transB=1) written as legacy HDF5 and as a
 * Keras 3 archive computes what the IR computes; graphs Keras cannot hold are refused with every
 * problem listed.
 */
class KerasWriterTest {
    @TempDir
    Path tmp;

    private final Random random = new Random(3);
    private Graph g;
    private int counter;

    private Tensor randn(long... shape) {
        float[] f = new float[(int) Tensor.elementCount(shape)];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) random.nextGaussian() * 0.5f;
        }
        return Tensor.ofFloats(shape, f);
    }

    private Value weight(String name, Tensor t, Layout l) {
        return g.addInitializer(Value.constant(name, t, l));
    }

    private Value node(String op, List<Value> ins, Map<String, Attribute> attrs, long... shape) {
        String name = "n" + (counter++) + "/" + op;
        List<Dim> dims = new ArrayList<>();
        dims.add(Dim.symbol("N"));
        for (long s : shape) {
            dims.add(Dim.of(s));
        }
        Value out = new Value(name + ":0", DType.FLOAT32, new Shape(dims), shape.length == 3 ? Layout.NHWC : Layout.NC);
        g.addNode(new Node(name, op, ins, List.of(out), attrs));
        return out;
    }

    private static Map<String, Attribute> attrs(Object... kv) {
        Map<String, Attribute> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            Object v = kv[i + 1];
            m.put((String) kv[i], switch (v) {
                case long[] a -> new Attribute.Ints(a);
                case Long l -> new Attribute.Int(l);
                case Integer n -> new Attribute.Int(n);
                case Float f -> new Attribute.Float(f);
                case Double d -> new Attribute.Float(d.floatValue());
                case String s -> new Attribute.Str(s);
                default -> throw new IllegalArgumentException();
            });
        }
        return m;
    }

    private Model mobileNetBlock() {
        g = new Graph("mobile_block");
        Value x = g.addInput(new Value("image", DType.FLOAT32, new Shape(List.of(Dim.symbol("N"), Dim.of(8), Dim.of(8),
                Dim.of(4))), Layout.NHWC));
        // 3x3 stride 2, pads [1,1,1,1]: TF SAME would pad [0,1] on an 8x8 input -> ZeroPadding2D + valid.
        Value c1 = node("Conv", List.of(x, weight("c1.w", randn(3, 3, 4, 8), Layout.HWIO), weight("c1.b", randn(8), Layout.NONE)),
                attrs("kernel_shape", new long[] {3, 3}, "strides", new long[] {2, 2}, "pads", new long[] {1, 1, 1, 1},
                        "layout", "NHWC"), 4, 4, 8);
        Value bn = node("BatchNormalization", List.of(c1, weight("bn.s", randn(8), Layout.NONE), weight("bn.b", randn(8), Layout.NONE),
                weight("bn.m", randn(8), Layout.NONE), weight("bn.v", Tensor.ofFloats(new long[] {8}, 1, 2, 0.5f, 1, 1.5f, 1, 0.7f, 1.1f),
                        Layout.NONE)), attrs("epsilon", 1e-3f, "momentum", 0.9f, "layout", "NHWC"), 4, 4, 8);
        Value r6 = node("Clip", List.of(bn), attrs("min", 0f, "max", 6f), 4, 4, 8);
        // Depthwise 3x3, multiplier 1, ONNX weight order (C*M, 1, kh, kw), same padding for stride 1.
        Value dw = node("Conv", List.of(r6, weight("dw.w", randn(8, 1, 3, 3), Layout.OIHW)),
                attrs("kernel_shape", new long[] {3, 3}, "group", 8L, "pads", new long[] {1, 1, 1, 1}, "layout", "NHWC"), 4, 4, 8);
        Value r = node("Relu", List.of(dw), attrs(), 4, 4, 8);
        Value pw = node("Conv", List.of(r, weight("pw.w", randn(8, 8, 1, 1), Layout.OIHW), weight("pw.b", randn(8), Layout.NONE)),
                attrs("kernel_shape", new long[] {1, 1}, "layout", "NHWC"), 4, 4, 8);
        Value add = node("Add", List.of(pw, r6), attrs(), 4, 4, 8);
        Value mp = node("MaxPool", List.of(r6), attrs("kernel_shape", new long[] {2, 2}, "strides", new long[] {1, 1},
                "pads", new long[] {0, 0, 1, 1}, "layout", "NHWC"), 4, 4, 8);
        Value sum = node("Add", List.of(add, mp), attrs(), 4, 4, 8);
        Value gap = node("GlobalAveragePool", List.of(sum), attrs("layout", "NHWC"), 1, 1, 8);
        Value flat = node("Flatten", List.of(gap), attrs("axis", 1L), 8);
        Value fc = node("Gemm", List.of(flat, weight("fc.w", randn(5, 8), Layout.OI), weight("fc.b", randn(5), Layout.NONE)),
                attrs("transB", 1L), 5);
        Value sm = node("Softmax", List.of(fc), attrs("axis", -1L), 5);
        g.addOutput(sm);
        Model m = new Model(g, "test");
        m.setOpsetImport("", 17);
        return m;
    }

    @Test
    void mobileNetStyleBlockComputesTheSameAfterWriting() throws Exception {
        Assumptions.assumeTrue(Runtimes.available(), "runtime not available");
        Tensor x = randn(2, 8, 8, 4);
        for (FormatProvider f : List.of(new KerasH5Format(), new KerasV3Format())) {
            Path out = tmp.resolve(f instanceof KerasH5Format ? "block.h5" : "block.keras");
            Tensor expected;
            try (Model m = mobileNetBlock()) {
                expected = Runtimes.run(m, Map.of("image", x)).get(0);
                f.write(m, out, FormatOptions.none());
            }
            try (Model back = f.read(out, FormatOptions.none())) {
                Map<String, Integer> ops = new TreeMap<>();
                back.graph().nodes().forEach(n -> ops.merge(n.opType(), 1, Integer::sum));
                Tensor y = Runtimes.run(back, Map.of("image", x)).get(0);
                double diff = GoldenIo.maxAbs(y, expected);
                System.out.println("mobile block via " + out.getFileName() + ": " + ops + ", max |diff| " + diff);
                assertTrue(diff < 1e-5, "max |diff| " + diff);
                assertEquals(1, ops.get("Pad"), "one ZeroPadding2D (for the stride-2 conv)" + ops);
            }
        }
    }

    @Test
    void channelsFirstGraphsAndUnmappedOpsAreRefusedWithEveryProblem() {
        g = new Graph("nchw");
        Value x = g.addInput(new Value("x", DType.FLOAT32, Shape.of(1, 3, 8, 8), Layout.NCHW));
        Value c = node("Conv", List.of(x, weight("w", randn(4, 3, 3, 3), Layout.OIHW)), attrs("kernel_shape", new long[] {3, 3}),
                4, 6, 6);
        Value l = node("LpNormalization", List.of(c), attrs(), 4, 6, 6);
        Value k = node("Add", List.of(l, weight("k", randn(1), Layout.NONE)), attrs(), 4, 6, 6);
        g.addOutput(k);
        try (Model m = new Model(g, "test")) {
            UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                    () -> new KerasH5Format().write(m, tmp.resolve("x.h5"), FormatOptions.none()));
            String all = String.join("\n", e.items());
            assertEquals(3, e.items().size(), all);
            assertTrue(all.contains("(Conv): is channels-first") && all.contains("run the layout pass"), all);
            assertTrue(all.contains("(Add): input 1 ('k') is a constant"), all);
            assertTrue(all.contains("operator LpNormalization has no Keras layer mapping"), all);
        }
    }

    @Test
    void longNameListsAreSplitIntoChunksAsKerasDoes() throws Exception {
        g = new Graph("many");
        for (int i = 0; i < 3000; i++) {
            weight(String.format("block_%04d.some_long_layer_name.weight", i), Tensor.ofFloats(new long[] {1}, i), Layout.NONE);
        }
        Path f = tmp.resolve("many.h5");
        try (Model m = new Model(g, "test")) {
            new KerasH5Format().write(m, f, FormatOptions.none().with(KerasOptions.WEIGHTS_ONLY, "true"));
        }
        try (io.jhdf.HdfFile h = new io.jhdf.HdfFile(f)) {
            assertTrue(h.getAttributes().containsKey("layer_names0") && h.getAttributes().containsKey("layer_names1")
                    && !h.getAttributes().containsKey("layer_names"), h.getAttributes().keySet().toString());
        }
        try (Model back = new KerasH5Format().read(f, FormatOptions.none())) {
            assertEquals(3000, back.graph().initializers().size());
            assertEquals("block_2999.some_long_layer_name/weight", back.graph().initializers().get(2999).name());
            assertEquals(2999f, back.graph().initializers().get(2999).constant().toFloatArray()[0]);
        }
    }

    @Test
    void maxPoolPaddingOverPossiblyNegativeValuesIsRefused() {
        g = new Graph("pool");
        Value x = g.addInput(new Value("x", DType.FLOAT32, new Shape(List.of(Dim.symbol("N"), Dim.of(8), Dim.of(8), Dim.of(2))),
                Layout.NHWC));
        Value p = node("MaxPool", List.of(x), attrs("kernel_shape", new long[] {3, 3}, "strides", new long[] {2, 2},
                "pads", new long[] {1, 1, 1, 1}, "layout", "NHWC"), 4, 4, 2);
        g.addOutput(p);
        try (Model m = new Model(g, "test")) {
            UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                    () -> new KerasV3Format().write(m, tmp.resolve("x.keras"), FormatOptions.none()));
            assertTrue(e.items().get(0).contains("may be negative"), e.items().toString());
        }
    }
}
