package dev.rosetta.runtime.tensorflow;

import static dev.rosetta.runtime.tensorflow.TestGraphs.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.tensorflow.GraphDefFormat;
import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import dev.rosetta.runtime.Execution;
import dev.rosetta.runtime.ExecutionOptions;
import dev.rosetta.runtime.ModelSource;
import dev.rosetta.runtime.onnxruntime.OnnxRuntimeBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Comparisons, {@code Not}, {@code Where} and {@code CastLike} (masks in exported PyTorch code):
 * {@code Where(cmp(x, y), x, y)} graphs, and a {@code Not} of a comparison cast back to float with
 * {@code CastLike}, run on TensorFlow (the SavedModel writer's emitters) and on ONNX Runtime; a frozen
 * graph's {@code SelectV2(Less(x, y), x, y)} read back computes what TensorFlow computes on the file.
 */
class ComparisonsTest {
    private static final long[] SHAPE = {2, 3, 4};

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"Less", "Greater", "Equal", "LessOrEqual", "GreaterOrEqual"})
    void whereOfAComparisonOnTensorFlowAndOnnxRuntime(String cmp) {
        Graph g = new Graph("where");
        Value x = g.addInput(new Value("x", DType.FLOAT32, Shape.of(SHAPE), Layout.NONE));
        Value y = g.addInput(new Value("y", DType.FLOAT32, Shape.of(SHAPE), Layout.NONE));
        Value c = new Value("c", DType.BOOL, Shape.of(SHAPE), Layout.NONE);
        Value out = new Value("out", DType.FLOAT32, Shape.of(SHAPE), Layout.NONE);
        g.addNode(new Node("cmp", cmp, List.of(x, y), List.of(c), Map.of()));
        g.addNode(new Node("pick", "Where", List.of(c, x, y), List.of(out), Map.of()));
        g.addOutput(out);
        compare(g);
    }

    @Test
    void notAndCastLikeOnTensorFlowAndOnnxRuntime() {
        Graph g = new Graph("mask");
        Value x = g.addInput(new Value("x", DType.FLOAT32, Shape.of(SHAPE), Layout.NONE));
        Value y = g.addInput(new Value("y", DType.FLOAT32, Shape.of(SHAPE), Layout.NONE));
        Value c = new Value("c", DType.BOOL, Shape.of(SHAPE), Layout.NONE);
        Value n = new Value("n", DType.BOOL, Shape.of(SHAPE), Layout.NONE);
        Value out = new Value("out", DType.FLOAT32, Shape.of(SHAPE), Layout.NONE);
        g.addNode(new Node("cmp", "Greater", List.of(x, y), List.of(c), Map.of()));
        g.addNode(new Node("not", "Not", List.of(c), List.of(n), Map.of()));
        g.addNode(new Node("cast", "CastLike", List.of(n, x), List.of(out), Map.of()));
        g.addOutput(out);
        compare(g);
    }

    @Test
    void aFrozenGraphSelectReadsBack() throws Exception {
        AttrValue f32 = AttrValue.newBuilder().setType(DataType.DT_FLOAT).build();
        AttrValue shape = AttrValue.newBuilder().setShape(TestGraphs.dims(SHAPE)).build();
        GraphDef graph = GraphDef.newBuilder()
                .addNode(NodeDef.newBuilder().setName("x").setOp("Placeholder").putAttr("dtype", f32)
                        .putAttr("shape", shape))
                .addNode(NodeDef.newBuilder().setName("y").setOp("Placeholder").putAttr("dtype", f32)
                        .putAttr("shape", shape))
                .addNode(NodeDef.newBuilder().setName("less").setOp("Less").addInput("x").addInput("y")
                        .putAttr("T", f32))
                .addNode(NodeDef.newBuilder().setName("min").setOp("SelectV2").addInput("less").addInput("x")
                        .addInput("y").putAttr("T", f32))
                .build();
        Path pb = dir.resolve("select.pb");
        Files.write(pb, graph.toByteArray());
        Map<String, Tensor> in = inputs();
        Tensor reference = TestGraphs.runOnTensorFlow(pb, in);
        try (Model m = new GraphDefFormat().read(pb, FormatOptions.none())) {
            assertEquals(List.of("Less", "Where"), m.graph().nodes().stream().map(Node::opType)
                    .filter(o -> !o.equals("Identity")).toList());
            try (Execution ort = new OnnxRuntimeBackend().load(ModelSource.ir(m), ExecutionOptions.cpu())) {
                assertClose(reference, ort.run(in).values().iterator().next(), 0);
            }
        }
    }

    private static void compare(Graph g) {
        Map<String, Tensor> in = inputs();
        try (Model m = new Model(g, "onnx")) {
            Tensor reference;
            try (Execution ort = new OnnxRuntimeBackend().load(ModelSource.ir(m), ExecutionOptions.cpu())) {
                reference = ort.run(in).values().iterator().next();
            }
            try (Execution tf = new TensorFlowBackend().load(ModelSource.ir(m), ExecutionOptions.cpu())) {
                assertClose(reference, tf.run(in).values().iterator().next(), 0);
            }
        }
    }

    /** x and y with some equal elements, so that Equal and the or-equal comparisons are tested. */
    private static Map<String, Tensor> inputs() {
        Random r = new Random(23);
        float[] x = new float[(int) Tensor.elementCount(SHAPE)];
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt(5) - 2;
            y[i] = r.nextInt(5) - 2;
        }
        return Map.of("x", Tensor.ofFloats(SHAPE, x), "y", Tensor.ofFloats(SHAPE, y));
    }
}
