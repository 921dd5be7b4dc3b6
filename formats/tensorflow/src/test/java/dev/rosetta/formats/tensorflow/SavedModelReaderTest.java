package dev.rosetta.formats.tensorflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.UsageException;
import dev.rosetta.formats.FileProbe;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.FormatRegistry;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SavedModels read into the IR: the golden TF Java model and TF Serving's TF1 and TF2 test models. */
class SavedModelReaderTest {

    @Test
    void goldenCnnIsHeldNhwcWithExplicitAsymmetricPads() {
        try (Model m = new SavedModelFormat().read(TestFiles.golden("tf_cnn", "saved_model"), FormatOptions.none())) {
            assertEquals(List.of("input"), m.graph().inputs().stream().map(v -> v.name()).toList());
            assertEquals(List.of("output"), m.graph().outputs().stream().map(v -> v.name()).toList());
            // Each BiasAdd after a convolution is folded into it as its bias (the dense layer's stays an Add).
            assertEquals(List.of("Conv", "Relu", "MaxPool", "Conv", "Relu", "Reshape", "MatMul", "Add"),
                    m.graph().nodes().stream().map(Node::opType).toList());
            Node conv2 = m.graph().nodes().get(3);
            assertEquals(m.graph().initializer("conv2/bias"), conv2.input(2));
            assertEquals("NHWC", conv2.attrString("layout", null));
            assertArrayEquals(new long[] {0, 0, 1, 1}, conv2.attrInts("pads", null));
            assertArrayEquals(new long[] {2, 2}, conv2.attrInts("strides", null));
            assertEquals(Layout.HWIO, m.graph().initializer("conv2/kernel").layout());
            assertEquals(Layout.IO, m.graph().initializer("dense/kernel").layout());
            assertEquals(6, m.graph().initializers().size());
            assertEquals("savedmodel", m.sourceFormat());
            assertEquals("serving_default", m.metadata().get("tensorflow.signature"));
        }
    }

    @Test
    void tfServingTf1ModelFeedsTheSignatureTensor() {
        Path dir = TestFiles.corpus("tf-savedmodel", "saved_model_half_plus_two_cpu", "00000123");
        try (Model m = new SavedModelFormat().read(dir, FormatOptions.none())) {
            assertEquals("x", m.graph().inputs().get(0).name());
            assertEquals(List.of("Mul", "Add"), m.graph().nodes().stream().map(Node::opType).toList());
            assertEquals(0.5, m.graph().initializer("a").constant().getDouble(0));
            assertEquals(2.0, m.graph().initializer("b").constant().getDouble(0));
        }
        try (Model m = new SavedModelFormat().read(dir, FormatOptions.none().with("signature", "regress_x2_to_y3"))) {
            assertEquals(3.0, m.graph().initializer("c2").constant().getDouble(0));
        }
    }

    @Test
    void tfServingTf2ModelInlinesTheFunctionsAndRestoresResourceVariables() {
        Path dir = TestFiles.corpus("tf-savedmodel", "saved_model_half_plus_two_tf2_cpu", "00000123");
        try (Model m = new SavedModelFormat().read(dir, FormatOptions.none())) {
            assertEquals("x", m.graph().inputs().get(0).name());
            assertEquals("y", m.graph().outputs().get(0).name());
            assertEquals(List.of("Mul", "Add"), m.graph().nodes().stream().map(Node::opType).toList());
            assertEquals(0.5, m.graph().initializer("a").constant().getDouble(0));
            assertEquals(2.0, m.graph().initializer("b").constant().getDouble(0));
        }
    }

    @Test
    void unknownSignatureAndTagsListWhatExists() {
        Path dir = TestFiles.golden("tf_cnn", "saved_model");
        UsageException sig = assertThrows(UsageException.class,
                () -> SavedModelReader.read(dir, FormatOptions.none().with("signature", "predict")));
        assertTrue(sig.getMessage().contains("no signature 'predict'; the meta graph has [serving_default]"),
                sig.getMessage());
        UsageException tags = assertThrows(UsageException.class,
                () -> SavedModelReader.read(dir, FormatOptions.none().with("tags", "train")));
        assertTrue(tags.getMessage().contains("no meta graph tagged [train]; the SavedModel has [[serve]]"),
                tags.getMessage());
    }

    @Test
    void signatureNamingATensorTheGraphLacksIsAMalformedFile(@TempDir Path tmp) throws IOException {
        Path copy = tmp.resolve("saved_model");
        TestFiles.copyTree(TestFiles.golden("tf_cnn", "saved_model"), copy);
        Path pb = copy.resolve("saved_model.pb");
        org.tensorflow.proto.SavedModel sm = org.tensorflow.proto.SavedModel.parseFrom(Files.readAllBytes(pb));
        var mg = sm.getMetaGraphs(0).toBuilder();
        var sig = mg.getSignatureDefOrThrow("serving_default").toBuilder();
        String out = sig.getOutputsMap().keySet().iterator().next();
        sig.putOutputs(out, sig.getOutputsOrThrow(out).toBuilder().setName("no_such_node:0").build());
        mg.putSignatureDef("serving_default", sig.build());
        Files.write(pb, sm.toBuilder().setMetaGraphs(0, mg).build().toByteArray());
        MalformedInputException e = assertThrows(MalformedInputException.class,
                () -> SavedModelReader.read(copy, FormatOptions.none()));
        assertEquals(pb, e.file());
        assertTrue(e.getMessage().contains("signature 'serving_default'")
                && e.getMessage().contains("no_such_node"), e.getMessage());
    }

    @Test
    void savedModelPbThatIsNotASavedModelHasItsOwnError(@TempDir Path tmp) throws IOException {
        Path copy = tmp.resolve("saved_model");
        TestFiles.copyTree(TestFiles.golden("tf_cnn", "saved_model"), copy);
        Path pb = copy.resolve("saved_model.pb");
        Path frozen = TestFiles.corpus("tf-frozen", "conv_0", "frozen_model.pb");
        Files.copy(frozen, pb, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        MalformedInputException e = assertThrows(MalformedInputException.class,
                () -> SavedModelReader.read(copy, FormatOptions.none()));
        assertEquals(pb, e.file());
        assertTrue(e.getMessage().contains("expected a TensorFlow SavedModel protobuf"), e.getMessage());
        Files.write(pb, new byte[] {0x08, (byte) 0x96, 0x01, 0x7f, 0x00});
        MalformedInputException junk = assertThrows(MalformedInputException.class,
                () -> SavedModelReader.read(copy, FormatOptions.none()));
        assertTrue(junk.getMessage().contains("expected a TensorFlow SavedModel protobuf"), junk.getMessage());
    }

    @Test
    void directoryDetection() throws IOException {
        SavedModelFormat f = new SavedModelFormat();
        Path dir = TestFiles.golden("tf_cnn", "saved_model");
        assertTrue(f.detect(FileProbe.of(dir)));
        assertTrue(f.detect(FileProbe.of(dir.resolve("saved_model.pb"))));
        assertFalse(f.detect(FileProbe.of(dir.resolve("variables"))));
        assertTrue(f.isDirectoryFormat());
        assertTrue(f.storesGraphs());
        assertEquals("savedmodel", FormatRegistry.load().detect(dir).name());
    }
}
