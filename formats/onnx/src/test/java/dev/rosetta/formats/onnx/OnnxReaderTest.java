package dev.rosetta.formats.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.error.ExitCode;
import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.onnx.proto.OnnxProto.AttributeProto;
import dev.rosetta.formats.onnx.proto.OnnxProto.GraphProto;
import dev.rosetta.formats.onnx.proto.OnnxProto.ModelProto;
import dev.rosetta.formats.onnx.proto.OnnxProto.StringStringEntryProto;
import dev.rosetta.formats.onnx.proto.OnnxProto.TensorProto;
import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader on hand-made models: normalization, folding, unsupported listing and hostile input. */
class OnnxReaderTest {
    @TempDir
    Path dir;

    private Path save(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private Path save(String name, ModelProto m) throws IOException {
        return save(name, m.toByteArray());
    }

    private Model read(Path p) {
        return new OnnxFormat().read(p, FormatOptions.none());
    }

    /** x[N,3,4,4] -> Flatten via Shape/Gather/Unsqueeze/Concat/Reshape, Identity, Dropout, Constant. */
    private static ModelProto shapeChain(int opset) {
        GraphProto.Builder g = GraphProto.newBuilder().setName("chain")
                .addInput(Protos.floatValue("x", 2, 3, 4, 4))
                .addInput(Protos.floatValue("scale", 1)) // an initializer also listed as an input (IR < 4 style)
                .addInitializer(Protos.floats("scale", new long[] {1}, 2f))
                .addInitializer(Protos.longs("zero", 0))
                .addNode(Protos.node("Shape", List.of("x"), List.of("shape")))
                .addNode(Protos.node("Gather", List.of("shape", "zero"), List.of("batch"), Protos.intAttr("axis", 0)))
                .addNode(Protos.node("Constant", List.of(), List.of("minus_one"), AttributeProto.newBuilder()
                        .setName("value").setType(AttributeProto.AttributeType.TENSOR).setT(Protos.longs("", -1)).build()))
                .addNode(Protos.node("Concat", List.of("batch", "minus_one"), List.of("target"), Protos.intAttr("axis", 0)))
                .addNode(Protos.node("Reshape", List.of("x", "target"), List.of("flat")))
                .addNode(Protos.node("Identity", List.of("flat"), List.of("flat_id")))
                .addNode(Protos.node("Dropout", List.of("flat_id"), List.of("dropped")))
                .addNode(Protos.node("Mul", List.of("dropped", "scale"), List.of("y")))
                .addOutput(Protos.floatValue("y", 2, 48));
        return Protos.model(opset, g.build());
    }

    @Test
    void rawDataStaysInTheMappedFile() throws IOException {
        float[] values = new float[1 << 16];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.5f;
        }
        GraphProto g = GraphProto.newBuilder().setName("add")
                .addInput(Protos.floatValue("x", 1, values.length))
                .addInitializer(Protos.floats("w", new long[] {1, values.length}, values))
                .addNode(Protos.node("Add", List.of("x", "w"), List.of("y")))
                .addOutput(Protos.floatValue("y", 1, values.length))
                .build();
        try (Model m = read(save("add.onnx", Protos.model(13, g)))) {
            dev.rosetta.ir.Tensor w = m.graph().initializers().get(0).constant();
            assertTrue(w.data().isNative(), "raw_data is a view of the mapped file, not a heap copy");
            assertEquals(values.length * 4L, w.data().byteSize());
            assertEquals(12345 * 0.5f, w.data().getAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, 12345));
        }
    }

    @Test
    void staticShapeChainsFoldAndIdentitiesGo() throws IOException {
        try (Model m = read(save("chain.onnx", shapeChain(13)))) {
            List<String> ops = m.graph().nodes().stream().map(Node::opType).toList();
            assertEquals(List.of("Reshape", "Mul"), ops);
            assertArrayEquals(new long[] {2, -1}, m.graph().nodes().get(0).attrInts("shape", null));
            assertEquals(List.of("x"), m.graph().inputs().stream().map(v -> v.name()).toList(),
                    "an initializer listed as an input is a constant, not an input");
            assertEquals(List.of("scale"), m.graph().initializers().stream().map(v -> v.name()).toList());
            assertEquals("[2, 48]", m.graph().nodes().get(0).output(0).shape().toString());
        }
    }

    @Test
    void symbolicDimsAndOldOpsetAttributesAreRead() throws IOException {
        GraphProto g = GraphProto.newBuilder().setName("g")
                .addInput(Protos.floatValue("x", -1, 3, 1))
                .addNode(Protos.node("Squeeze", List.of("x"), List.of("s"), Protos.ints("axes", 2)))
                .addNode(Protos.node("Softmax", List.of("s"), List.of("y"), Protos.intAttr("axis", 1)))
                .addOutput(Protos.floatValue("y", -1, 3)).build();
        try (Model m = read(save("old.onnx", Protos.model(11, g)))) {
            assertEquals(new Dim.Symbolic("N"), m.graph().inputs().get(0).shape().dim(0));
            Node sq = m.graph().nodes().get(0);
            assertArrayEquals(new long[] {2}, sq.attrInts("axes", null));
            assertEquals(-1, m.graph().nodes().get(1).attrInt("axis", 0), "axis 1 of a rank-2 softmax is the last");
            byte[] written = OnnxFormat.toBytes(m, 13);
            ModelProto p = ModelProto.parseFrom(written);
            assertEquals(2, p.getGraph().getNode(0).getInputCount(), "Squeeze axes are an input at opset 13");
        }
    }

    @Test
    void everyUnsupportedOpIsListedWithItsOpset() throws IOException {
        GraphProto g = GraphProto.newBuilder().setName("g")
                .addInput(Protos.floatValue("x", 2, 2))
                .addNode(Protos.node("Relu", List.of("x"), List.of("a")))
                .addNode(Protos.node("FancyA", List.of("a"), List.of("b")))
                .addNode(Protos.node("FancyA", List.of("b"), List.of("c")))
                .addNode(Protos.node("FancyB", List.of("c"), List.of("d")))
                .addNode(Protos.node("Dropout", List.of("d", "", "x"), List.of("y")))
                .addOutput(Protos.floatValue("y", 2, 2)).build();
        Path p = save("unsupported.onnx", Protos.model(17, g));
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, () -> read(p));
        assertEquals(ExitCode.UNSUPPORTED, e.exitCode());
        assertEquals(3, e.items().size(), e.getMessage());
        assertTrue(e.items().get(0).startsWith("FancyA (ai.onnx opset 17), used by 2 nodes"), e.items().get(0));
        assertTrue(e.items().get(1).startsWith("FancyB (ai.onnx opset 17)"), e.items().get(1));
        assertTrue(e.items().get(2).contains("training_mode is not a constant"), e.items().get(2));
        try (Model lenient = new OnnxFormat().read(p, FormatOptions.none().with("keep-unsupported", "true"))) {
            assertEquals(5, lenient.graph().nodes().size());
            assertEquals(e.items(), OnnxSupport.unsupportedOps(lenient));
        }
    }

    @Test
    void truncatedFileIsMalformedAndNamed() throws IOException {
        byte[] full;
        try (Model m = TestModels.smallCnn()) {
            full = OnnxFormat.toBytes(m, 17);
        }
        Path p = save("truncated.onnx", java.util.Arrays.copyOf(full, full.length / 2));
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> read(p));
        assertEquals(p, e.file());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    /**
     * 24 bytes: a graph whose initializer's packed float_data declares 0x7ffffff0 bytes. protobuf-java's
     * decoder for mapped (direct) buffers overflows its limit on that and reads unmapped memory: the
     * JVM died with SIGSEGV. The length walk refuses the file first.
     */
    @Test
    void aLengthNearTwoGigabytesIsMalformedNotACrash() throws IOException {
        byte[] tensor = {0x08, 0x01, 0x10, 0x01, 0x22, (byte) 0xf0, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07,
            0, 0, 0, 0, 0, 0, 0, 0};
        byte[] model = new byte[4 + 2 + tensor.length];
        int i = 0;
        model[i++] = 0x08;
        model[i++] = 0x08;
        model[i++] = 0x3a;
        model[i++] = (byte) (2 + tensor.length);
        model[i++] = 0x2a;
        model[i++] = (byte) tensor.length;
        System.arraycopy(tensor, 0, model, i, tensor.length);
        Path p = save("huge-length.onnx", model);
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> read(p));
        assertEquals(p, e.file());
        assertTrue(e.getMessage().contains("field 4 of TensorProto") && e.getMessage().contains("2147483632 bytes"),
                e.getMessage());
    }

    @Test
    void graphFieldWithTheWrongWireTypeIsMalformed() throws IOException {
        // ir_version = 8, then field 7 (graph) as a varint
        Path p = save("wiretype.onnx", new byte[] {0x08, 0x08, 0x38, 0x05});
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> read(p));
        assertEquals(p, e.file());
        assertTrue(e.getMessage().contains("field 7 (graph) should be a GraphProto message"), e.getMessage());
    }

    @Test
    void missingInitializerIsNamed() throws IOException {
        GraphProto g = GraphProto.newBuilder().setName("g")
                .addInput(Protos.floatValue("x", 1, 3, 4, 4))
                .addNode(Protos.node("Conv", List.of("x", "conv.weight"), List.of("y")))
                .addOutput(Protos.floatValue("y")).build();
        Path p = save("missing.onnx", Protos.model(17, g));
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> read(p));
        assertEquals(p, e.file());
        assertTrue(e.getMessage().contains("input 'conv.weight' is not a graph input, an initializer"), e.getMessage());
    }

    @Test
    void hostileTensorsAreRefusedBeforeAllocating() throws IOException {
        TensorProto huge = TensorProto.newBuilder().setName("w").setDataType(1).addDims(1L << 40).addDims(1L << 30)
                .build();
        TensorProto shortRaw = Protos.floats("w", new long[] {4}, 1f, 2f);
        TensorProto negative = TensorProto.newBuilder().setName("w").setDataType(1).addDims(-3).build();
        for (TensorProto t : List.of(huge, shortRaw, negative)) {
            GraphProto g = GraphProto.newBuilder().setName("g").addInitializer(t)
                    .addOutput(Protos.floatValue("w")).build();
            Path p = save("tensor.onnx", Protos.model(17, g));
            MalformedInputException e = assertThrows(MalformedInputException.class, () -> read(p));
            assertTrue(e.getMessage().contains("initializer 'w'"), e.getMessage());
        }
    }

    @Test
    void externalDataOutsideTheFolderIsRefused() throws IOException {
        Path outside = dir.resolve("secret.bin");
        Files.write(outside, new byte[16]);
        Path sub = Files.createDirectories(dir.resolve("model"));
        for (String location : List.of("../secret.bin", outside.toString(), "missing.bin")) {
            TensorProto t = TensorProto.newBuilder().setName("w").setDataType(1).addDims(4)
                    .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                    .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue(location)).build();
            GraphProto g = GraphProto.newBuilder().setName("g").addInitializer(t).addOutput(Protos.floatValue("w")).build();
            Path p = sub.resolve("m.onnx");
            Files.write(p, Protos.model(17, g).toByteArray());
            MalformedInputException e = assertThrows(MalformedInputException.class, () -> read(p));
            assertTrue(e.getMessage().contains("external data of tensor 'w'"), e.getMessage());
        }
    }

    @Test
    void deeplyNestedGraphsHitTheRecursionLimit() throws IOException {
        GraphProto inner = GraphProto.newBuilder().setName("leaf").build();
        for (int i = 0; i < 80; i++) {
            inner = GraphProto.newBuilder().setName("g" + i).addNode(Protos.node("If", List.of(), List.of("o" + i),
                    AttributeProto.newBuilder().setName("then_branch").setType(AttributeProto.AttributeType.GRAPH)
                            .setG(inner).build())).build();
        }
        Path p = save("deep.onnx", Protos.model(17, inner));
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> read(p));
        assertEquals(p, e.file());
    }

    @Test
    void notOnnxAtAll() throws IOException {
        Path p = save("empty.onnx", new byte[0]);
        assertThrows(MalformedInputException.class, () -> read(p));
        assertFalse(OnnxDetector.looksLikeOnnx(new byte[0], 0));
        Path junk = save("junk.onnx", "hello, world".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThrows(MalformedInputException.class, () -> read(junk));
    }
}
