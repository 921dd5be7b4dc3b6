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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;

/**
 * Reductions (a PyTorch {@code x.amax(dim)}, {@code x.sum(dim)} exported to ONNX): the IR's
 * {@code ReduceMax/Min/Sum/Prod/Mean} run on TensorFlow (the SavedModel writer's emitter) and on ONNX
 * Runtime; and TensorFlow's {@code Max/Min/Sum/Prod} in a frozen graph read back into the IR compute
 * what TensorFlow computes on the file.
 */
class ReductionsTest {
    private static final long[] SHAPE = {2, 3, 4, 5};

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} axes {1} keepdims {2}")
    @CsvSource({"ReduceMax, 1:2, 1", "ReduceMin, 3, 0", "ReduceSum, 0:3, 1", "ReduceProd, 2, 0", "ReduceMean, 1, 0",
        "ReduceSum, , 0"})
    void tensorFlowComputesWhatOnnxRuntimeComputes(String op, String axes, int keep) {
        Graph g = new Graph("reduce");
        Value x = g.addInput(new Value("x", DType.FLOAT32, Shape.of(SHAPE), Layout.NONE));
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        if (axes != null) {
            attrs.put("axes", new Attribute.Ints(java.util.Arrays.stream(axes.split(":")).mapToLong(Long::parseLong)
                    .toArray()));
        }
        attrs.put("keepdims", new Attribute.Int(keep));
        Value y = new Value("y");
        y.setDtype(DType.FLOAT32);
        g.addNode(new Node("r", op, List.of(x), List.of(y), attrs));
        g.addOutput(y);
        Map<String, Tensor> in = Map.of("x", input());
        try (Model m = new Model(g, "onnx")) {
            Tensor reference;
            try (Execution ort = new OnnxRuntimeBackend().load(ModelSource.ir(m), ExecutionOptions.cpu())) {
                reference = ort.run(in).values().iterator().next();
            }
            try (Execution tf = new TensorFlowBackend().load(ModelSource.ir(m), ExecutionOptions.cpu())) {
                assertClose(reference, tf.run(in).values().iterator().next(), 1e-5);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"Max, ReduceMax", "Min, ReduceMin", "Sum, ReduceSum", "Prod, ReduceProd"})
    void aFrozenGraphReductionReadsBack(String tfOp, String irOp) throws Exception {
        AttrValue f32 = AttrValue.newBuilder().setType(DataType.DT_FLOAT).build();
        AttrValue i32 = AttrValue.newBuilder().setType(DataType.DT_INT32).build();
        TensorProto axes = TensorProto.newBuilder().setDtype(DataType.DT_INT32).setTensorShape(TestGraphs.dims(2))
                .addIntVal(0).addIntVal(3).build();
        GraphDef graph = GraphDef.newBuilder()
                .addNode(NodeDef.newBuilder().setName("x").setOp("Placeholder").putAttr("dtype", f32)
                        .putAttr("shape", AttrValue.newBuilder().setShape(TestGraphs.dims(SHAPE)).build()))
                .addNode(NodeDef.newBuilder().setName("axes").setOp("Const").putAttr("dtype", i32)
                        .putAttr("value", AttrValue.newBuilder().setTensor(axes).build()))
                .addNode(NodeDef.newBuilder().setName("y").setOp(tfOp).addInput("x").addInput("axes").putAttr("T", f32)
                        .putAttr("Tidx", i32).putAttr("keep_dims", AttrValue.newBuilder().setB(false).build()))
                .build();
        Path pb = dir.resolve("reduce.pb");
        Files.write(pb, graph.toByteArray());
        Map<String, Tensor> in = Map.of("x", input());
        Tensor reference = TestGraphs.runOnTensorFlow(pb, in);
        try (Model m = new GraphDefFormat().read(pb, FormatOptions.none())) {
            assertEquals(List.of(irOp), m.graph().nodes().stream().map(Node::opType).filter(o -> !o.equals("Identity"))
                    .toList());
            try (Execution ort = new OnnxRuntimeBackend().load(ModelSource.ir(m), ExecutionOptions.cpu())) {
                assertClose(reference, ort.run(in).values().iterator().next(), 1e-5);
            }
        }
    }

    private static Tensor input() {
        Random r = new Random(17);
        float[] v = new float[(int) Tensor.elementCount(SHAPE)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (0.5 + r.nextDouble());
        }
        return Tensor.ofFloats(SHAPE, v);
    }
}
