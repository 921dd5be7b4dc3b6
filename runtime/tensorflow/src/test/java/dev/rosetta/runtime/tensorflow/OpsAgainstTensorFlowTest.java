package dev.rosetta.runtime.tensorflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.tensorflow.GraphDefFormat;
import dev.rosetta.formats.tensorflow.export.TfTensorConversion;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import dev.rosetta.layout.IoLayout;
import dev.rosetta.layout.LayoutConversion;
import dev.rosetta.runtime.Execution;
import dev.rosetta.runtime.ExecutionOptions;
import dev.rosetta.runtime.ModelSource;
import dev.rosetta.runtime.onnxruntime.OnnxRuntimeBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operation;
import org.tensorflow.OperationBuilder;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.Scope;
import org.tensorflow.proto.DataType;

/**
 * Small frozen graphs built here with TensorFlow Java, covering the mapped ops the corpus does
 * not (MatMul with transpose_b, Mean as global pooling, Pad, ConcatV2, Transpose, Squeeze,
 * ExpandDims, LeakyRelu, Softmax, IdentityN, FusedBatchNormV3, Conv2DBackpropInput with an output
 * padding, ...): TensorFlow's own result for the graph is compared with the IR the graphdef reader
 * makes of it, run on this backend and, after the layout pass, on ONNX Runtime.
 */
class OpsAgainstTensorFlowTest {
    private final Random random = new Random(11);

    /** Builds ops by type name, so the graph holds exactly the op types under test. */
    private static final class B {
        final Graph g;
        final Scope scope;
        int n;

        B(Graph g) {
            this.g = g;
            this.scope = Ops.create(g).scope();
        }

        OperationBuilder op(String type, String name, Output<?>... inputs) {
            OperationBuilder b = g.opBuilder(type, name, scope);
            for (Output<?> i : inputs) {
                b.addInput(i);
            }
            return b;
        }

        Output<?> constant(Tensor t, String name) {
            try (org.tensorflow.Tensor tf = TfTensorConversion.toTf(t)) {
                return op("Const", name).setAttr("value", tf).setAttr("dtype", TfTensorConversion.dataType(t.dtype()))
                        .build().output(0);
            }
        }

        Output<?> ints(String name, int... v) {
            return constant(Tensor.ofInts(new long[] {v.length}, v), name);
        }

        Output<?> placeholder(String name, long... shape) {
            return op("Placeholder", name).setAttr("dtype", DataType.DT_FLOAT)
                    .setAttr("shape", org.tensorflow.ndarray.Shape.of(shape)).build().output(0);
        }
    }

    private Tensor random(long... shape) {
        float[] v = new float[(int) Tensor.elementCount(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return Tensor.ofFloats(shape, v);
    }

    private static long[] nhwc(long h, long w) {
        return new long[] {1, h, w, 1};
    }

    @Test
    void imageOps(@TempDir Path tmp) throws IOException {
        try (Graph g = new Graph()) {
            B b = new B(g);
            Output<?> x = b.placeholder("image", -1, 7, 7, 3);
            Output<?> c = b.op("Conv2D", "conv", x, b.constant(random(3, 3, 3, 4), "conv/filter"))
                    .setAttr("strides", nhwc(2, 2)).setAttr("padding", "SAME").build().output(0);
            c = b.op("BiasAdd", "bias", c, b.constant(random(4), "bias/b")).build().output(0);
            c = b.op("LeakyRelu", "leaky", c).setAttr("alpha", 0.1f).build().output(0);
            c = b.op("DepthwiseConv2dNative", "depthwise", c, b.constant(random(3, 3, 4, 2), "depthwise/filter"))
                    .setAttr("strides", nhwc(1, 1)).setAttr("padding", "SAME").build().output(0);
            c = b.op("Relu6", "relu6", c).build().output(0);
            c = b.op("AvgPool", "avg", c).setAttr("ksize", nhwc(3, 3)).setAttr("strides", nhwc(1, 1))
                    .setAttr("padding", "SAME").build().output(0);
            c = b.op("Pad", "pad", c, b.constant(Tensor.ofInts(new long[] {4, 2}, 0, 0, 1, 0, 0, 1, 0, 0), "pad/p"))
                    .build().output(0);
            c = b.op("MaxPool", "max", c).setAttr("ksize", nhwc(2, 2)).setAttr("strides", nhwc(2, 2))
                    .setAttr("padding", "VALID").build().output(0);
            Operation bn = b.op("FusedBatchNormV3", "bn", c, b.constant(random(8), "bn/scale"),
                    b.constant(random(8), "bn/offset"), b.constant(random(8), "bn/mean"),
                    b.constant(Tensor.ofFloats(new long[] {8}, 1, 2, 0.5f, 3, 1, 1, 0.25f, 2), "bn/variance"))
                    .setAttr("is_training", false).setAttr("epsilon", 0.001f).build();
            Output<?> m = b.op("Mean", "gap", bn.output(0), b.ints("gap/axes", 1, 2)).setAttr("keep_dims", false)
                    .build().output(0);
            m = b.op("MatMul", "dense", m, b.constant(random(5, 8), "dense/kernel")).setAttr("transpose_b", true)
                    .build().output(0);
            m = b.op("AddV2", "dense_bias", m, b.constant(random(5), "dense/bias")).build().output(0);
            b.op("Softmax", "probabilities", m).build();
            check(g, tmp, "image", random(2, 7, 7, 3), List.of("probabilities", "depthwise", "bn"));
        }
    }

    @Test
    void tensorOps(@TempDir Path tmp) throws IOException {
        try (Graph g = new Graph()) {
            B b = new B(g);
            Output<?> x = b.placeholder("x", -1, 4);
            Output<?> t = b.op("Transpose", "t", x, b.ints("t/perm", 1, 0)).build().output(0);
            Output<?> two = b.op("Mul", "twice", x, b.constant(Tensor.ofFloats(new long[0], 2f), "two")).build().output(0);
            Output<?> cat = b.op("ConcatV2", "cat").addInputList(new Output<?>[] {x, two})
                    .addInput(b.constant(Tensor.ofInts(new long[0], 1), "cat/axis")).build().output(0);
            Output<?> r = b.op("Reshape", "r", cat, b.ints("r/shape", -1, 1, 8)).build().output(0);
            Output<?> s = b.op("Squeeze", "s", r).setAttr("squeeze_dims", new long[] {1}).build().output(0);
            Output<?> e = b.op("ExpandDims", "e", s, b.constant(Tensor.ofInts(new long[0], -1), "e/axis"))
                    .build().output(0);
            Output<?> d = b.op("RealDiv", "d", b.op("Sub", "sub", e, b.constant(Tensor.ofFloats(new long[0], 0.5f),
                    "half")).build().output(0), b.constant(Tensor.ofFloats(new long[0], 3f), "three")).build().output(0);
            Operation n = b.op("IdentityN", "n").addInputList(new Output<?>[] {
                    b.op("Tanh", "tanh", d).build().output(0), b.op("Sigmoid", "sigmoid", d).build().output(0)})
                    .setAttr("T", new DataType[] {DataType.DT_FLOAT, DataType.DT_FLOAT}).build();
            b.op("Elu", "elu", n.output(0)).build();
            b.op("Selu", "selu", n.output(1)).build();
            b.op("Identity", "transposed", t).build();
            check(g, tmp, "x", random(3, 4), List.of("elu", "selu", "transposed"));
        }
    }

    /** 3x3 stride 2 VALID from 8x8 gives 3x3, so the transposed conv needs output_padding 1 to get 8x8 back. */
    @Test
    void transposedConvolutionWithOutputPadding(@TempDir Path tmp) throws IOException {
        try (Graph g = new Graph()) {
            B b = new B(g);
            Output<?> x = b.placeholder("x", -1, 3, 3, 4);
            b.op("Conv2DBackpropInput", "deconv", b.ints("deconv/sizes", 2, 8, 8, 2),
                    b.constant(random(3, 3, 2, 4), "deconv/filter"), x)
                    .setAttr("strides", nhwc(2, 2)).setAttr("padding", "VALID").build();
            check(g, tmp, "x", random(2, 3, 3, 4), List.of("deconv"));
        }
    }

    /** TensorFlow's outputs for the graph, then the IR's on this backend and on ONNX Runtime. */
    private void check(Graph g, Path tmp, String input, Tensor x, List<String> outputs) throws IOException {
        Map<String, Tensor> expected = new LinkedHashMap<>();
        try (Session s = new Session(g); org.tensorflow.Tensor in = TfTensorConversion.toTf(x)) {
            Session.Runner r = s.runner().feed(input, in);
            outputs.forEach(r::fetch);
            try (Result res = r.run()) {
                for (int i = 0; i < outputs.size(); i++) {
                    expected.put(outputs.get(i), TfTensorConversion.fromTf(res.get(i)));
                }
            }
        }
        Path pb = tmp.resolve("graph.pb");
        Files.write(pb, g.toGraphDef().toByteArray());
        try (Model m = new GraphDefFormat().read(pb, FormatOptions.none().with("outputs", String.join(",", outputs)))) {
            assertEquals(DType.FLOAT32, m.graph().inputs().get(0).dtype());
            try (Execution e = new TensorFlowBackend().load(ModelSource.ir(m), ExecutionOptions.cpu())) {
                compare(expected, e.run(Map.of(input, x)), "TensorFlow");
            }
            LayoutConversion.toChannelsFirst(IoLayout.KEEP).run(m.graph());
            try (Execution e = new OnnxRuntimeBackend().load(ModelSource.ir(m), ExecutionOptions.cpu())) {
                compare(expected, e.run(Map.of(input, x)), "ONNX Runtime");
            }
        }
    }

    private static void compare(Map<String, Tensor> expected, Map<String, Tensor> actual, String engine) {
        expected.forEach((k, v) -> Files2.assertClose(v, actual.get(k), 1e-5, 1e-5, engine + " " + k));
    }
}
