package dev.rosetta.formats.onnx;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small IR models built in code for the writer and reader tests. */
final class TestModels {
    private TestModels() {
    }

    static Tensor random(long seed, long... shape) {
        Random r = new Random(seed);
        float[] v = new float[(int) Tensor.elementCount(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian() * 0.5f;
        }
        return Tensor.ofFloats(shape, v);
    }

    /**
     * x[1,3,8,8] -> Conv(4, 3x3, pad 1) -> Clip(0,6) -> Reshape[1,256] via attribute -> Gemm(10)
     * -> Softmax, with static parameters as IR attributes.
     */
    static Model smallCnn() {
        Graph g = new Graph("small_cnn");
        Value x = g.addInput(new Value("x", DType.FLOAT32, Shape.of(1, 3, 8, 8), Layout.NCHW));
        Value w = g.addInitializer(Value.constant("conv.weight", random(1, 4, 3, 3, 3), Layout.OIHW));
        Value b = g.addInitializer(Value.constant("conv.bias", random(2, 4), Layout.NONE));
        Value fw = g.addInitializer(Value.constant("fc.weight", random(3, 10, 256), Layout.OI));
        Value fb = g.addInitializer(Value.constant("fc.bias", random(4, 10), Layout.NONE));
        Value c = new Value("conv_out", DType.FLOAT32, Shape.of(1, 4, 8, 8), Layout.NCHW);
        g.addNode(new Node("conv", "Conv", List.of(x, w, b), List.of(c), Map.of(
                "kernel_shape", new Attribute.Ints(new long[] {3, 3}), "pads", new Attribute.Ints(new long[] {1, 1, 1, 1}))));
        Value r = new Value("relu6_out", DType.FLOAT32, Shape.of(1, 4, 8, 8), Layout.NCHW);
        g.addNode(new Node("relu6", "Clip", List.of(c), List.of(r), Map.of(
                "min", new Attribute.Float(0), "max", new Attribute.Float(6))));
        Value f = new Value("flat", DType.FLOAT32, Shape.of(1, 256), Layout.NC);
        g.addNode(new Node("reshape", "Reshape", List.of(r), List.of(f), Map.of("shape", new Attribute.Ints(new long[] {1, -1}))));
        Value y = new Value("logits", DType.FLOAT32, Shape.of(1, 10), Layout.NC);
        g.addNode(new Node("fc", "Gemm", List.of(f, fw, fb), List.of(y), Map.of("transB", new Attribute.Int(1))));
        Value p = new Value("probs", DType.FLOAT32, Shape.of(1, 10), Layout.NC);
        g.addNode(new Node("softmax", "Softmax", List.of(y), List.of(p), Map.of("axis", new Attribute.Int(-1))));
        g.addOutput(p);
        return new Model(g, "test");
    }
}
