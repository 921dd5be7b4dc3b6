package dev.rosetta.runtime.tensorflow;

import static dev.rosetta.runtime.tensorflow.TestGraphs.assertClose;
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
import org.tensorflow.proto.TensorShapeProto;

/**
 * TensorFlow's image resizes (what a Keras {@code UpSampling2D} becomes) in every coordinate
 * convention: a frozen graph with {@code ResizeNearestNeighbor} or {@code ResizeBilinear} is run by
 * TensorFlow as written (the reference), read into an ONNX {@code Resize}, and that must compute the
 * same on TensorFlow again (through the SavedModel writer's emitter) and, converted to
 * channels-first, on ONNX Runtime. Sizes include non-integer scales (5 to 7, 5 to 10 and 6 to 4).
 */
class ResizeTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} align_corners={1} half_pixel={2} to {3}x{4}")
    @CsvSource({
        "ResizeNearestNeighbor, false, false, 10, 10", "ResizeNearestNeighbor, false, true, 10, 10",
        "ResizeNearestNeighbor, true, false, 10, 10", "ResizeNearestNeighbor, false, false, 7, 10",
        "ResizeNearestNeighbor, false, true, 7, 4", "ResizeNearestNeighbor, true, false, 7, 10",
        "ResizeBilinear, false, false, 10, 10", "ResizeBilinear, false, true, 10, 10",
        "ResizeBilinear, true, false, 10, 10", "ResizeBilinear, false, true, 7, 4",
        "ResizeBilinear, true, false, 7, 10",
    })
    void readResizeComputesWhatTensorFlowComputes(String op, boolean corners, boolean halfPixel, int h, int w)
            throws Exception {
        Path pb = dir.resolve("resize.pb");
        Files.write(pb, graph(op, corners, halfPixel, h, w).toByteArray());
        Map<String, Tensor> in = Map.of("x", input());
        Tensor reference = TestGraphs.runOnTensorFlow(pb, in);
        try (Model m = new GraphDefFormat().read(pb, FormatOptions.none())) {
            assertEquals(1, m.graph().nodes().stream().map(Node::opType).filter("Resize"::equals).count());
            try (Execution tf = new TensorFlowBackend().load(ModelSource.ir(m), ExecutionOptions.cpu())) {
                assertClose(reference, tf.run(in).values().iterator().next(), 1e-5);
            }
            LayoutConversion.toChannelsFirst(IoLayout.KEEP).run(m.graph());
            try (Execution ort = new OnnxRuntimeBackend().load(ModelSource.ir(m), ExecutionOptions.cpu())) {
                assertClose(reference, ort.run(in).values().iterator().next(), 1e-5);
            }
        }
    }

    private static Tensor input() {
        Random r = new Random(11);
        float[] v = new float[5 * 6 * 3];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Tensor.ofFloats(new long[] {1, 5, 6, 3}, v);
    }

    /** x [1, 5, 6, 3] NHWC resized to [h, w]. */
    private static GraphDef graph(String op, boolean corners, boolean halfPixel, int h, int w) {
        AttrValue f32 = AttrValue.newBuilder().setType(DataType.DT_FLOAT).build();
        TensorShapeProto xs = TestGraphs.dims(1, 5, 6, 3);
        TensorProto size = TensorProto.newBuilder().setDtype(DataType.DT_INT32)
                .setTensorShape(TestGraphs.dims(2))
                .addIntVal(h).addIntVal(w).build();
        return GraphDef.newBuilder()
                .addNode(NodeDef.newBuilder().setName("x").setOp("Placeholder").putAttr("dtype", f32)
                        .putAttr("shape", AttrValue.newBuilder().setShape(xs).build()))
                .addNode(NodeDef.newBuilder().setName("size").setOp("Const")
                        .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_INT32).build())
                        .putAttr("value", AttrValue.newBuilder().setTensor(size).build()))
                .addNode(NodeDef.newBuilder().setName("y").setOp(op).addInput("x").addInput("size").putAttr("T", f32)
                        .putAttr("align_corners", AttrValue.newBuilder().setB(corners).build())
                        .putAttr("half_pixel_centers", AttrValue.newBuilder().setB(halfPixel).build()))
                .build();
    }
}
