package dev.rosetta.runtime.tensorflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.tensorflow.GraphDefFormat;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import dev.rosetta.layout.IoLayout;
import dev.rosetta.layout.LayoutConversion;
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
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * A frozen graph that pads with {@code -inf} before a max pool (how TensorFlow writes PyTorch's
 * padded pool, and how Rosetta's SavedModel writer does): the reader folds the two into one
 * {@code MaxPool} with pads, and that computes what TensorFlow computes, on TensorFlow and, converted
 * to channels-first, on ONNX Runtime, over inputs with negative values (where padding with zeros
 * would give other numbers at the borders).
 */
class MaxPoolPaddingTest {
    @TempDir
    Path dir;

    private static AttrValue ints(long... v) {
        AttrValue.ListValue.Builder l = AttrValue.ListValue.newBuilder();
        for (long x : v) {
            l.addI(x);
        }
        return AttrValue.newBuilder().setList(l).build();
    }

    private static TensorProto.Builder shape(TensorProto.Builder t, long... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : dims) {
            s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        }
        return t.setTensorShape(s);
    }

    private static GraphDef paddedPool(float fill) {
        AttrValue f32 = AttrValue.newBuilder().setType(DataType.DT_FLOAT).build();
        AttrValue i32 = AttrValue.newBuilder().setType(DataType.DT_INT32).build();
        TensorShapeProto xShape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dim.newBuilder().setSize(1)).addDim(TensorShapeProto.Dim.newBuilder().setSize(7))
                .addDim(TensorShapeProto.Dim.newBuilder().setSize(7)).addDim(TensorShapeProto.Dim.newBuilder().setSize(3))
                .build();
        TensorProto paddings = shape(TensorProto.newBuilder().setDtype(DataType.DT_INT32), 4, 2)
                .addAllIntVal(List.of(0, 0, 1, 1, 1, 1, 0, 0)).build();
        TensorProto minusInf = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT)
                .setTensorShape(TensorShapeProto.getDefaultInstance()).addFloatVal(fill).build();
        return GraphDef.newBuilder()
                .addNode(NodeDef.newBuilder().setName("x").setOp("Placeholder").putAttr("dtype", f32)
                        .putAttr("shape", AttrValue.newBuilder().setShape(xShape).build()))
                .addNode(NodeDef.newBuilder().setName("paddings").setOp("Const").putAttr("dtype", i32)
                        .putAttr("value", AttrValue.newBuilder().setTensor(paddings).build()))
                .addNode(NodeDef.newBuilder().setName("fill").setOp("Const").putAttr("dtype", f32)
                        .putAttr("value", AttrValue.newBuilder().setTensor(minusInf).build()))
                .addNode(NodeDef.newBuilder().setName("pad").setOp("PadV2").addInput("x").addInput("paddings")
                        .addInput("fill").putAttr("T", f32).putAttr("Tpaddings", i32))
                .addNode(NodeDef.newBuilder().setName("pool").setOp("MaxPool").addInput("pad").putAttr("T", f32)
                        .putAttr("ksize", ints(1, 3, 3, 1)).putAttr("strides", ints(1, 2, 2, 1))
                        .putAttr("padding", AttrValue.newBuilder().setS(com.google.protobuf.ByteString.copyFromUtf8("VALID")).build())
                        .putAttr("data_format", AttrValue.newBuilder().setS(com.google.protobuf.ByteString.copyFromUtf8("NHWC")).build()))
                .build();
    }

    @Test
    void aMinusInfinityPadFoldsIntoTheMaxPoolAndComputesTheSame() throws Exception {
        check(Float.NEGATIVE_INFINITY, List.of("MaxPool"));
    }

    @Test
    void aZeroPadStaysAPad() throws Exception {
        check(0f, List.of("Pad", "MaxPool"));
    }

    private void check(float fill, List<String> expectedOps) throws Exception {
        Path pb = dir.resolve("pool.pb");
        Files.write(pb, paddedPool(fill).toByteArray());
        float[] values = new float[7 * 7 * 3];
        Random r = new Random(3);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) r.nextGaussian() - 2f; // mostly negative: a zero pad would win at the borders
        }
        Map<String, Tensor> in = Map.of("x", Tensor.ofFloats(new long[] {1, 7, 7, 3}, values));
        Tensor reference;
        try (Execution tf = new TensorFlowBackend().load(ModelSource.file(ModelSource.Kind.GRAPH_DEF, pb),
                ExecutionOptions.cpu())) {
            reference = tf.run(in).values().iterator().next();
        }
        try (Model m = new GraphDefFormat().read(pb, FormatOptions.none())) {
            List<String> ops = m.graph().nodes().stream().map(Node::opType).toList();
            assertEquals(expectedOps, ops.stream().filter(o -> !o.equals("Identity")).toList(), ops.toString());
            Node pool = m.graph().nodes().stream().filter(n -> n.opType().equals("MaxPool")).findFirst().orElseThrow();
            assertArrayEquals(expectedOps.size() == 1 ? new long[] {1, 1, 1, 1} : new long[4], pool.attrInts("pads", null));
            try (Execution tf = new TensorFlowBackend().load(ModelSource.ir(m), ExecutionOptions.cpu())) {
                assertArrayEquals(reference.toFloatArray(), tf.run(in).values().iterator().next().toFloatArray());
            }
            LayoutConversion.toChannelsFirst(IoLayout.KEEP).run(m.graph());
            try (Execution ort = new OnnxRuntimeBackend().load(ModelSource.ir(m), ExecutionOptions.cpu())) {
                assertArrayEquals(reference.toFloatArray(), ort.run(in).values().iterator().next().toFloatArray());
            }
        }
    }
}
