package dev.rosetta.runtime.tensorflow;

import static dev.rosetta.runtime.tensorflow.TestGraphs.assertClose;
import static dev.rosetta.runtime.tensorflow.TestGraphs.dims;
import static dev.rosetta.runtime.tensorflow.TestGraphs.ints;
import static dev.rosetta.runtime.tensorflow.TestGraphs.text;
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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;

/**
 * A zero {@code Pad} before a stride-2 VALID {@code Conv2D} (how TensorFlow, TF-Slim and Rosetta's
 * SavedModel writer express PyTorch's symmetric padding) reads as one {@code Conv} with those pads,
 * and computes what TensorFlow computes on the file, on TensorFlow and, channels-first, on ONNX
 * Runtime. A pad of another value stays a {@code Pad}.
 */
class ConvPaddingTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "pad value {0}")
    @CsvSource({"0, Conv, 1:1:1:1", "1.5, Pad:Conv, 0:0:0:0"})
    void aZeroPadFoldsIntoTheConvolution(float value, String ops, String convPads) throws Exception {
        Path pb = dir.resolve("padconv.pb");
        Files.write(pb, graph(value).toByteArray());
        Random r = new Random(9);
        float[] v = new float[7 * 7 * 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        Map<String, Tensor> in = Map.of("x", Tensor.ofFloats(new long[] {1, 7, 7, 3}, v));
        Tensor reference = TestGraphs.runOnTensorFlow(pb, in);
        try (Model m = new GraphDefFormat().read(pb, FormatOptions.none())) {
            assertEquals(List.of(ops.split(":")), m.graph().nodes().stream().map(Node::opType)
                    .filter(o -> !o.equals("Identity")).toList());
            Node conv = m.graph().nodes().stream().filter(n -> n.opType().equals("Conv")).findFirst().orElseThrow();
            assertArrayEquals(java.util.Arrays.stream(convPads.split(":")).mapToLong(Long::parseLong).toArray(),
                    conv.attrInts("pads", null));
            try (Execution tf = new TensorFlowBackend().load(ModelSource.ir(m), ExecutionOptions.cpu())) {
                assertClose(reference, tf.run(in).values().iterator().next(), 1e-5);
            }
            LayoutConversion.toChannelsFirst(IoLayout.KEEP).run(m.graph());
            try (Execution ort = new OnnxRuntimeBackend().load(ModelSource.ir(m), ExecutionOptions.cpu())) {
                assertClose(reference, ort.run(in).values().iterator().next(), 1e-5);
            }
        }
    }

    private static GraphDef graph(float value) {
        AttrValue f32 = AttrValue.newBuilder().setType(DataType.DT_FLOAT).build();
        AttrValue i32 = AttrValue.newBuilder().setType(DataType.DT_INT32).build();
        TensorProto.Builder w = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(dims(3, 3, 3, 4));
        for (int i = 0; i < 3 * 3 * 3 * 4; i++) {
            w.addFloatVal((float) Math.cos(i));
        }
        TensorProto paddings = TensorProto.newBuilder().setDtype(DataType.DT_INT32).setTensorShape(dims(4, 2))
                .addAllIntVal(List.of(0, 0, 1, 1, 1, 1, 0, 0)).build();
        TensorProto fill = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(dims())
                .addFloatVal(value).build();
        return GraphDef.newBuilder()
                .addNode(NodeDef.newBuilder().setName("x").setOp("Placeholder").putAttr("dtype", f32)
                        .putAttr("shape", AttrValue.newBuilder().setShape(dims(1, 7, 7, 3)).build()))
                .addNode(NodeDef.newBuilder().setName("paddings").setOp("Const").putAttr("dtype", i32)
                        .putAttr("value", AttrValue.newBuilder().setTensor(paddings).build()))
                .addNode(NodeDef.newBuilder().setName("fill").setOp("Const").putAttr("dtype", f32)
                        .putAttr("value", AttrValue.newBuilder().setTensor(fill).build()))
                .addNode(NodeDef.newBuilder().setName("pad").setOp("PadV2").addInput("x").addInput("paddings")
                        .addInput("fill").putAttr("T", f32).putAttr("Tpaddings", i32))
                .addNode(NodeDef.newBuilder().setName("w").setOp("Const").putAttr("dtype", f32)
                        .putAttr("value", AttrValue.newBuilder().setTensor(w).build()))
                .addNode(NodeDef.newBuilder().setName("conv").setOp("Conv2D").addInput("pad").addInput("w")
                        .putAttr("T", f32).putAttr("strides", ints(1, 2, 2, 1)).putAttr("padding", text("VALID"))
                        .putAttr("data_format", text("NHWC")))
                .build();
    }
}
