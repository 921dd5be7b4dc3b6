package dev.rosetta.formats.tensorflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.FileProbe;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/** Frozen GraphDefs: strict detection, default inputs and outputs, every unsupported op listed at once. */
class GraphDefFormatTest {
    private final GraphDefFormat format = new GraphDefFormat();

    @Test
    void detectsFrozenGraphsAndNothingElse() throws IOException {
        assertTrue(format.detect(FileProbe.of(TestFiles.corpus("tf-frozen", "conv_0", "frozen_model.pb"))));
        assertFalse(format.detect(FileProbe.of(TestFiles.golden("tf_cnn", "saved_model", "saved_model.pb"))));
        assertFalse(format.detect(FileProbe.of(TestFiles.golden("resnet_basic_narrow", "model.onnx"))));
        assertFalse(format.detect(FileProbe.of(TestFiles.golden("resnet_basic_narrow", "input.npy"))));
        assertFalse(format.detect(FileProbe.of(TestFiles.golden("tf_cnn", "saved_model", "variables", "variables.index"))));
        Path tensorPb = TestFiles.corpus("onnx-node", "test_abs", "test_data_set_0", "input_0.pb");
        assertFalse(format.detect(FileProbe.of(tensorPb)));
        assertFalse(format.detect(FileProbe.of(TestFiles.golden("tf_cnn", "saved_model"))));
    }

    @Test
    void defaultInputsArePlaceholdersAndOutputsTheUnreadNodes() {
        try (Model m = format.read(TestFiles.corpus("tf-frozen", "conv_0", "frozen_model.pb"), FormatOptions.none())) {
            assertEquals(List.of("image"), m.graph().inputs().stream().map(v -> v.name()).toList());
            assertEquals(List.of("output"), m.graph().outputs().stream().map(v -> v.name()).toList());
            assertEquals("graphdef", m.sourceFormat());
            assertTrue(m.graph().nodes().stream().map(Node::opType).toList().containsAll(
                    List.of("Conv", "AveragePool", "MaxPool", "Reshape", "MatMul")));
        }
    }

    @Test
    void constantsStayInTheMappedFile(@TempDir Path tmp) throws IOException {
        int n = 4096;
        java.nio.ByteBuffer content = java.nio.ByteBuffer.allocate(n * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            content.putFloat(i * 0.5f);
        }
        AttrValue f32 = AttrValue.newBuilder().setType(DataType.DT_FLOAT).build();
        org.tensorflow.proto.TensorShapeProto shape = org.tensorflow.proto.TensorShapeProto.newBuilder()
                .addDim(org.tensorflow.proto.TensorShapeProto.Dim.newBuilder().setSize(n)).build();
        GraphDef g = GraphDef.newBuilder()
                .addNode(NodeDef.newBuilder().setName("x").setOp("Placeholder").putAttr("dtype", f32)
                        .putAttr("shape", AttrValue.newBuilder().setShape(shape).build()))
                .addNode(NodeDef.newBuilder().setName("w").setOp("Const").putAttr("dtype", f32)
                        .putAttr("value", AttrValue.newBuilder().setTensor(org.tensorflow.proto.TensorProto.newBuilder()
                                .setDtype(DataType.DT_FLOAT).setTensorShape(shape)
                                .setTensorContent(com.google.protobuf.ByteString.copyFrom(content.array()))).build()))
                .addNode(NodeDef.newBuilder().setName("out").setOp("AddV2").addInput("x").addInput("w").putAttr("T", f32))
                .build();
        Path pb = tmp.resolve("add.pb");
        Files.write(pb, g.toByteArray());
        try (Model m = format.read(pb, FormatOptions.none())) {
            dev.rosetta.ir.Tensor w = m.graph().initializers().getFirst().constant();
            assertTrue(w.data().isNative(), "tensor_content is a view of the mapped file, not a heap copy");
            assertEquals(1234 * 0.5f, w.data().getAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, 1234));
        }
    }

    @Test
    void everyUnsupportedOpIsListedAtOnce(@TempDir Path tmp) throws IOException {
        Path pb = tmp.resolve("graph.pb");
        Files.write(pb, graphWithTwoUnknownOps().toByteArray());
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> format.read(pb, FormatOptions.none()));
        assertEquals(List.of("Cumsum, used by 1 node: 'c'", "Erf, used by 2 nodes: 'e1', 'e2'"), e.items());
        try (Model m = format.read(pb, FormatOptions.none().with(FormatOptions.KEEP_UNSUPPORTED, "true"))) {
            assertEquals("Cumsum, used by 1 node: 'c'\nErf, used by 2 nodes: 'e1', 'e2'",
                    m.metadata().get(FormatOptions.UNSUPPORTED_METADATA));
            assertEquals(List.of("Cumsum", "Erf", "Erf", "Relu"), m.graph().nodes().stream().map(Node::opType).toList());
            assertEquals("org.tensorflow", m.graph().nodes().get(0).domain());
        }
    }

    private static GraphDef graphWithTwoUnknownOps() {
        AttrValue f32 = AttrValue.newBuilder().setType(DataType.DT_FLOAT).build();
        return GraphDef.newBuilder()
                .addNode(NodeDef.newBuilder().setName("x").setOp("Placeholder").putAttr("dtype", f32))
                .addNode(NodeDef.newBuilder().setName("axis").setOp("Const").putAttr("dtype",
                        AttrValue.newBuilder().setType(DataType.DT_INT32).build()).putAttr("value", AttrValue.newBuilder()
                        .setTensor(org.tensorflow.proto.TensorProto.newBuilder().setDtype(DataType.DT_INT32).addIntVal(0))
                        .build()))
                .addNode(NodeDef.newBuilder().setName("c").setOp("Cumsum").addInput("x").addInput("axis").putAttr("T", f32))
                .addNode(NodeDef.newBuilder().setName("e1").setOp("Erf").addInput("c").putAttr("T", f32))
                .addNode(NodeDef.newBuilder().setName("e2").setOp("Erf").addInput("e1").putAttr("T", f32))
                .addNode(NodeDef.newBuilder().setName("out").setOp("Relu").addInput("e2").putAttr("T", f32))
                .build();
    }
}
