package dev.rosetta.runtime.tensorflow;

import static dev.rosetta.runtime.tensorflow.TestGraphs.assertClose;
import static dev.rosetta.runtime.tensorflow.TestGraphs.dims;
import static dev.rosetta.runtime.tensorflow.TestGraphs.ints;
import static dev.rosetta.runtime.tensorflow.TestGraphs.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.error.MalformedInputException;
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
import java.util.ArrayList;
import java.util.Collections;
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

/**
 * A grouped convolution written per group (how Rosetta's SavedModel writer and other tools emit one
 * for TensorFlow, whose fused CPU kernels refuse a grouped {@code Conv2D}): {@code Split} of the
 * input and of the filter, a {@code Conv2D} per group, {@code ConcatV2}. The reader folds it into one
 * {@code Conv} with {@code group}, which computes what TensorFlow computes on TensorFlow and,
 * converted to channels-first, on ONNX Runtime; a {@code Split} that is not such a pattern stays a
 * {@code Split}; a hostile {@code num_split} is refused with a typed error.
 */
class GroupedConvTest {
    private static final int GROUPS = 4;
    private static final int IN = 8;
    private static final int OUT = 12;

    @TempDir
    Path dir;

    @Test
    void perGroupConvolutionsFoldIntoOneGroupedConvAndComputeTheSame() throws Exception {
        Path pb = dir.resolve("grouped.pb");
        Files.write(pb, perGroup(GROUPS, true).toByteArray());
        Map<String, Tensor> in = Map.of("x", input());
        Tensor reference = TestGraphs.runOnTensorFlow(pb, in);
        try (Model m = new GraphDefFormat().read(pb, FormatOptions.none())) {
            List<Node> convs = m.graph().nodes().stream().filter(n -> n.opType().equals("Conv")).toList();
            assertEquals(1, convs.size(), m.graph().nodes().toString());
            assertEquals(GROUPS, convs.getFirst().attrInt("group", 1));
            assertTrue(m.graph().nodes().stream().noneMatch(n -> n.opType().equals("Split")
                    || n.opType().equals("Concat")), m.graph().nodes().toString());
            try (Execution tf = new TensorFlowBackend().load(ModelSource.ir(m), ExecutionOptions.cpu())) {
                assertClose(reference, tf.run(in).values().iterator().next(), 1e-4);
            }
            LayoutConversion.toChannelsFirst(IoLayout.KEEP).run(m.graph());
            try (Execution ort = new OnnxRuntimeBackend().load(ModelSource.ir(m), ExecutionOptions.cpu())) {
                assertClose(reference, ort.run(in).values().iterator().next(), 1e-4);
            }
        }
    }

    @Test
    void partsInAnotherOrderAreNotAGroupedConvolution() throws Exception {
        Path pb = dir.resolve("swapped.pb");
        Files.write(pb, perGroup(GROUPS, false).toByteArray());
        Map<String, Tensor> in = Map.of("x", input());
        Tensor reference = TestGraphs.runOnTensorFlow(pb, in);
        try (Model m = new GraphDefFormat().read(pb, FormatOptions.none())) {
            assertEquals(GROUPS, m.graph().nodes().stream().filter(n -> n.opType().equals("Conv")).count());
            try (Execution tf = new TensorFlowBackend().load(ModelSource.ir(m), ExecutionOptions.cpu())) {
                assertClose(reference, tf.run(in).values().iterator().next(), 1e-4);
            }
        }
    }

    @Test
    void aHostileSplitIsATypedError() throws Exception {
        for (long parts : new long[] {1L << 40, 3, 0}) {
            GraphDef g = perGroup(GROUPS, true);
            GraphDef.Builder b = g.toBuilder();
            for (int i = 0; i < b.getNodeCount(); i++) {
                if (b.getNode(i).getOp().equals("Split")) {
                    b.setNode(i, b.getNode(i).toBuilder()
                            .putAttr("num_split", AttrValue.newBuilder().setI(parts).build()));
                }
            }
            Path pb = dir.resolve("hostile" + parts + ".pb");
            Files.write(pb, b.build().toByteArray());
            MalformedInputException e = assertThrows(MalformedInputException.class,
                    () -> new GraphDefFormat().read(pb, FormatOptions.none()).close());
            assertTrue(e.getMessage().contains("num_split " + parts), e.getMessage());
        }
    }

    private static Tensor input() {
        Random r = new Random(5);
        float[] v = new float[6 * 6 * IN];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Tensor.ofFloats(new long[] {1, 6, 6, IN}, v);
    }

    /**
     * x [1, 6, 6, 8] NHWC, a [3, 3, 2, 12] filter, {@code groups} parts; with {@code inOrder} false
     * the concatenation takes the parts reversed (another function: no grouped convolution).
     */
    private static GraphDef perGroup(int groups, boolean inOrder) {
        AttrValue f32 = AttrValue.newBuilder().setType(DataType.DT_FLOAT).build();
        AttrValue i32 = AttrValue.newBuilder().setType(DataType.DT_INT32).build();
        float[] w = new float[3 * 3 * (IN / groups) * OUT];
        Random r = new Random(7);
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian() * 0.3f;
        }
        TensorProto.Builder filter = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT)
                .setTensorShape(dims(3, 3, IN / groups, OUT));
        for (float f : w) {
            filter.addFloatVal(f);
        }
        TensorProto axis = TensorProto.newBuilder().setDtype(DataType.DT_INT32)
                .setTensorShape(dims()).addIntVal(3).build();
        GraphDef.Builder g = GraphDef.newBuilder()
                .addNode(NodeDef.newBuilder().setName("x").setOp("Placeholder").putAttr("dtype", f32)
                        .putAttr("shape", AttrValue.newBuilder().setShape(dims(1, 6, 6, IN)).build()))
                .addNode(NodeDef.newBuilder().setName("w").setOp("Const").putAttr("dtype", f32)
                        .putAttr("value", AttrValue.newBuilder().setTensor(filter).build()))
                .addNode(NodeDef.newBuilder().setName("axis").setOp("Const").putAttr("dtype", i32)
                        .putAttr("value", AttrValue.newBuilder().setTensor(axis).build()))
                .addNode(split("xs", "x", groups, f32))
                .addNode(split("ws", "w", groups, f32));
        List<String> parts = new ArrayList<>();
        for (int k = 0; k < groups; k++) {
            String name = "conv" + k;
            String port = k == 0 ? "" : ":" + k;
            g.addNode(NodeDef.newBuilder().setName(name).setOp("Conv2D").addInput("xs" + port).addInput("ws" + port)
                    .putAttr("T", f32).putAttr("strides", ints(1, 1, 1, 1)).putAttr("padding", text("SAME"))
                    .putAttr("data_format", text("NHWC")));
            parts.add(name);
        }
        if (!inOrder) {
            Collections.reverse(parts);
        }
        NodeDef.Builder concat = NodeDef.newBuilder().setName("y").setOp("ConcatV2").putAttr("T", f32)
                .putAttr("N", AttrValue.newBuilder().setI(groups).build()).putAttr("Tidx", i32);
        parts.forEach(concat::addInput);
        return g.addNode(concat.addInput("axis")).build();
    }

    private static NodeDef split(String name, String value, int groups, AttrValue f32) {
        return NodeDef.newBuilder().setName(name).setOp("Split").addInput("axis").addInput(value).putAttr("T", f32)
                .putAttr("num_split", AttrValue.newBuilder().setI(groups).build()).build();
    }
}
