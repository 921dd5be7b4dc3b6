package dev.rosetta.formats.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.error.UsageException;
import dev.rosetta.formats.AtomicOutput;
import dev.rosetta.formats.FileProbe;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.FormatRegistry;
import dev.rosetta.formats.onnx.proto.OnnxProto.ModelProto;
import dev.rosetta.formats.onnx.proto.OnnxProto.NodeProto;
import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Writes IR models, reads them back, and runs them with ONNX Runtime. */
class OnnxRoundTripTest {
    @TempDir
    Path dir;

    private static Map<String, Tensor> input() {
        return Map.of("x", TestModels.random(9, 1, 3, 8, 8));
    }

    @ParameterizedTest
    @ValueSource(ints = {13, 14, 17, 18, 21})
    void everyOpsetRunsTheSameInOnnxRuntime(int opset) throws Exception {
        try (Model m = TestModels.smallCnn()) {
            List<Tensor> reference = OrtRunner.run(OnnxFormat.toBytes(m, 17), input());
            byte[] bytes = OnnxFormat.toBytes(m, opset);
            ModelProto p = ModelProto.parseFrom(bytes);
            assertEquals(opset, p.getOpsetImport(0).getVersion());
            assertEquals(OnnxWriteOptions.of(opset).irVersion(), p.getIrVersion());
            NodeProto clip = p.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Clip")).findFirst().orElseThrow();
            assertEquals(3, clip.getInputCount(), "Clip bounds are inputs since opset 11");
            assertNull(Numerics.mismatch(OrtRunner.run(bytes, input()).get(0), reference.get(0)));
        }
    }

    @Test
    void readBackGivesTheSameGraphWithParametersAsAttributes() throws IOException {
        Path file = dir.resolve("m.onnx");
        try (Model m = TestModels.smallCnn()) {
            new OnnxFormat().write(m, file, FormatOptions.none());
        }
        try (Model back = new OnnxFormat().read(file, FormatOptions.none())) {
            List<String> ops = back.graph().nodes().stream().map(Node::opType).toList();
            assertEquals(List.of("Conv", "Clip", "Reshape", "Gemm", "Softmax"), ops);
            Node clip = back.graph().nodes().get(1);
            assertEquals(6f, clip.attrFloat("max", 0));
            assertEquals(1, clip.inputs().size());
            assertArrayEquals(new long[] {1, -1}, back.graph().nodes().get(2).attrInts("shape", null));
            assertEquals(4, back.graph().initializers().size(), "bounds and shape constants are not initializers");
            assertEquals("conv.weight", back.graph().nodes().get(0).input(1).name());
            assertEquals("probs", back.graph().outputs().get(0).name());
            assertEquals("[1, 10]", back.graph().outputs().get(0).shape().toString());
            assertEquals(17L, back.opsetImports().get(""));
        }
    }

    @Test
    void providerIsRegisteredAndDetectsByContent() throws IOException {
        Path file = dir.resolve("model.bin");
        try (Model m = TestModels.smallCnn()) {
            Files.write(file, OnnxFormat.toBytes(m, 17));
        }
        FormatRegistry registry = FormatRegistry.load();
        assertEquals("onnx", registry.detect(file).name());
        assertTrue(new OnnxFormat().detect(FileProbe.of(file)));
        Path npy = dir.resolve("a.npy");
        Files.write(npy, new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 0x76, 0});
        assertFalse(new OnnxFormat().detect(FileProbe.of(npy)));
        Path zip = dir.resolve("a.pt");
        Files.write(zip, new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0});
        assertFalse(new OnnxFormat().detect(FileProbe.of(zip)));
        Path h5 = dir.resolve("a.h5");
        Files.write(h5, new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'});
        assertFalse(new OnnxFormat().detect(FileProbe.of(h5)));
        Path pickle = dir.resolve("a.pkl");
        Files.write(pickle, new byte[] {(byte) 0x80, 2, '}', 'q', 0});
        assertFalse(new OnnxFormat().detect(FileProbe.of(pickle)));
    }

    @Test
    void externalDataOnRequestIsAlignedAndReadBackMapped() throws Exception {
        Path target = dir.resolve("ext.onnx");
        try (Model m = TestModels.smallCnn()) {
            AtomicOutput.write(target, tmp -> new OnnxFormat().write(m, tmp, FormatOptions.none().with("external-data", "true")));
        }
        Path data = dir.resolve("ext.onnx.data");
        assertTrue(Files.exists(data), "side file named after the final model name");
        ModelProto p = ModelProto.parseFrom(Files.readAllBytes(target));
        p.getGraph().getInitializerList().stream().filter(t -> t.getExternalDataCount() > 0).forEach(t -> {
            long offset = Long.parseLong(t.getExternalDataList().stream().filter(e -> e.getKey().equals("offset"))
                    .findFirst().orElseThrow().getValue());
            assertEquals(0, offset % 64, "64-byte aligned");
            assertEquals("ext.onnx.data", t.getExternalDataList().stream().filter(e -> e.getKey().equals("location"))
                    .findFirst().orElseThrow().getValue());
        });
        assertTrue(p.getGraph().getInitializerList().stream().anyMatch(t -> t.getExternalDataCount() > 0));
        try (Model back = OnnxReader.read(target, OnnxReader.Mode.STRICT); Model orig = TestModels.smallCnn()) {
            Value w = back.graph().initializer("fc.weight");
            assertTrue(w.constant().contentEquals(orig.graph().initializer("fc.weight").constant()));
            List<Tensor> expected = OrtRunner.run(OnnxFormat.toBytes(orig, 17), input());
            assertNull(Numerics.mismatch(OrtRunner.run(OnnxFormat.toBytes(back, 17), input()).get(0), expected.get(0)));
        }
    }

    @Test
    void intermediatesCanBeExposedAsOutputs() throws Exception {
        try (Model m = TestModels.smallCnn()) {
            byte[] bytes = OnnxFormat.toBytesWithIntermediates(m, 17);
            ModelProto p = ModelProto.parseFrom(bytes);
            List<String> outs = p.getGraph().getOutputList().stream().map(v -> v.getName()).toList();
            assertEquals(List.of("probs", "conv_out", "relu6_out", "flat", "logits"), outs);
            assertEquals(5, OrtRunner.run(bytes, input()).size());
        }
    }

    @Test
    void unsupportedNodesAreAllListedOnWrite() {
        try (Model m = TestModels.smallCnn()) {
            Node conv = m.graph().nodes().get(0);
            conv.setAttribute("layout", new Attribute.Str("NHWC"));
            Value x = m.graph().outputs().get(0);
            Value y = new Value("weird_out");
            m.graph().addNode(new Node("weird", "FancyOp", List.of(x), List.of(y), Map.of()));
            UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, () -> OnnxFormat.toBytes(m, 17));
            assertEquals(2, e.items().size(), e.getMessage());
            assertTrue(e.getMessage().contains("FancyOp") && e.getMessage().contains("NHWC"), e.getMessage());
            assertEquals(2, OnnxSupport.exportIssues(m, 17).size());
        }
    }

    @Test
    void opsetOutsideTheWritableRangeIsAUsageError() {
        try (Model m = TestModels.smallCnn()) {
            assertThrows(UsageException.class, () -> new OnnxFormat().write(m, dir.resolve("x.onnx"),
                    FormatOptions.none().with("opset", "12")));
        }
    }
}
