package dev.rosetta.formats.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.ResourceLimitException;
import dev.rosetta.error.RosettaException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.FileProbe;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.keras.h5.H5Output;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and broken input: each problem gets its own clear, typed error naming the file, and no
 * corruption makes the reader throw anything but a {@link RosettaException}.
 */
class KerasHostileInputTest {
    @TempDir
    Path tmp;

    private final KerasH5Format format = new KerasH5Format();

    private Path corpusFile(String relative) {
        Path dir = Corpus.kerasDir();
        Assumptions.assumeTrue(dir != null, "corpus keras-h5 not found (rosetta.corpus)");
        return dir.resolve(relative);
    }

    /** A small Keras model file written by Rosetta, with the given model_config text. */
    private Path modelWithConfig(String config, long[] kernelShape) throws Exception {
        H5Output out = new H5Output();
        out.root().attribute("keras_version", "2.3.1");
        out.root().attribute("backend", "tensorflow");
        out.root().attribute("model_config", config);
        H5Output.Group mw = out.root().group("model_weights");
        mw.attribute("layer_names", List.of("dense"));
        H5Output.Group d = mw.group("dense");
        d.attribute("weight_names", List.of("dense/kernel:0", "dense/bias:0"));
        d.group("dense").dataset("kernel:0", Tensor.ofFloats(kernelShape, new float[(int) Tensor.elementCount(kernelShape)]));
        d.group("dense").dataset("bias:0", Tensor.ofFloats(new long[] {2}, 0, 0));
        Path f = tmp.resolve("m" + System.nanoTime() + ".h5");
        out.write(f);
        return f;
    }

    private static final String DENSE_CONFIG = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": "
            + "[{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"batch_input_shape\": [null, 3], "
            + "\"units\": 2, \"activation\": \"relu\", \"use_bias\": true}}]}}";

    @Test
    void aWellFormedSyntheticModelReads() throws Exception {
        try (Model m = format.read(modelWithConfig(DENSE_CONFIG, new long[] {3, 2}), FormatOptions.none())) {
            assertTrue(m.hasComputation());
        }
    }

    @Test
    void anHdf5FileOfPlainDatasetsIsNotKerasAndTheMessageStaysShort() throws Exception {
        H5Output out = new H5Output();
        for (int i = 0; i < 300; i++) {
            out.root().dataset("layer" + i + ".weight", Tensor.ofFloats(new long[] {1}, i));
        }
        Path f = tmp.resolve("state_dict.h5");
        out.write(f);
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> format.read(f, FormatOptions.none()));
        assertTrue(e.getMessage().contains("not a Keras file") && e.getMessage().contains("and 292 more]"), e.getMessage());
        assertTrue(e.getMessage().length() < 600, "the message lists a few names, not all 300: " + e.getMessage().length());
    }

    @Test
    void modelConfigThatIsNotJson() throws Exception {
        Path f = modelWithConfig("{\"class_name\": \"Sequential\", \"config\": {oops", new long[] {3, 2});
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> format.read(f, FormatOptions.none()));
        assertEquals(f, e.file());
        assertTrue(e.getMessage().contains("attribute 'model_config'") && e.getMessage().contains("expected JSON"),
                e.getMessage());
    }

    @Test
    void modelConfigNestedTooDeeply() throws Exception {
        Path f = modelWithConfig("[".repeat(5000) + "]".repeat(5000), new long[] {3, 2});
        ResourceLimitException e = assertThrows(ResourceLimitException.class, () -> format.read(f, FormatOptions.none()));
        assertTrue(e.getMessage().contains("model_config"), e.getMessage());
    }

    @Test
    void modelConfigOfTheWrongShape() throws Exception {
        Path f = modelWithConfig("{\"class_name\": \"Sequential\", \"config\": {\"layers\": 7}}", new long[] {3, 2});
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> format.read(f, FormatOptions.none()));
        assertTrue(e.getMessage().contains("expected a list 'layers'"), e.getMessage());
    }

    @Test
    void weightWhoseShapeDisagreesWithItsLayer() throws Exception {
        Path f = modelWithConfig(DENSE_CONFIG, new long[] {4, 2});
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> format.read(f, FormatOptions.none()));
        assertTrue(e.getMessage().contains("weight 'dense/kernel:0'") && e.getMessage().contains("[4, 2]")
                && e.getMessage().contains("needs [3, 2]"), e.getMessage());
    }

    @Test
    void weightsPairedWithTheWrongArchitecture() {
        Path weights = corpusFile("golden-io/conv1d/conv1d_k2_s1_d1_cl_valid_weights.h5");
        Path config = corpusFile("golden-io/conv1d/conv1d_k3_s1_d1_cl_valid_config.json");
        MalformedInputException e = assertThrows(MalformedInputException.class,
                () -> format.read(weights, FormatOptions.none().with(KerasOptions.CONFIG, config.toString())));
        assertTrue(e.getMessage().contains("conv0/kernel:0") && e.getMessage().contains("[2, 3, 4]")
                && e.getMessage().contains("needs [3, 3, 4]"), e.getMessage());
    }

    @Test
    void everyUnsupportedLayerIsListedAtOnceAndTheWeightsStillRead() throws Exception {
        String config = "{\"class_name\": \"Model\", \"config\": {\"name\": \"m\", \"layers\": ["
                + "{\"name\": \"in\", \"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 3]}, \"inbound_nodes\": []},"
                + "{\"name\": \"lam\", \"class_name\": \"Lambda\", \"config\": {}, \"inbound_nodes\": [[[\"in\", 0, 0, {}]]]},"
                + "{\"name\": \"mine\", \"class_name\": \"MyCustomLayer\", \"config\": {}, \"inbound_nodes\": [[[\"lam\", 0, 0, {}]]]},"
                + "{\"name\": \"dense\", \"class_name\": \"Dense\", \"config\": {\"units\": 2, \"activation\": \"gelu\"}, "
                + "\"inbound_nodes\": [[[\"mine\", 0, 0, {}]]]}],"
                + "\"input_layers\": [[\"in\", 0, 0]], \"output_layers\": [[\"dense\", 0, 0]]}}";
        Path f = modelWithConfig(config, new long[] {3, 2});
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> format.read(f, FormatOptions.none()));
        assertEquals(3, e.items().size(), e.items().toString());
        assertTrue(e.items().get(0).startsWith("Lambda") && e.items().get(1).startsWith("MyCustomLayer")
                && e.items().get(2).contains("activation 'gelu'"), e.items().toString());
        assertEquals(3, e.exitCode().code());
        try (Model m = format.read(f, FormatOptions.none().with(KerasOptions.WEIGHTS_ONLY, "true"))) {
            assertFalse(m.hasComputation());
            assertEquals(List.of("dense/kernel", "dense/bias"),
                    m.graph().initializers().stream().map(v -> v.name()).toList());
        }
    }

    @Test
    void aUserBlockBeforeTheSuperblockIsSkipped() throws Exception {
        Path source = corpusFile("tfkeras/batchNormError2.h5");
        byte[] bytes = Files.readAllBytes(source);
        byte[] shifted = new byte[bytes.length + 512];
        System.arraycopy(bytes, 0, shifted, 512, bytes.length);
        assertEquals(0, bytes[8], "a version 0 superblock");
        // As h5jam does: the superblock's base address (byte 24 of a version 0 superblock) is the
        // user block's size, and every other address stays relative to it.
        java.nio.ByteBuffer.wrap(shifted, 512 + 24, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(512);
        Path f = tmp.resolve("userblock.h5");
        Files.write(f, shifted);
        assertTrue(format.detect(FileProbe.of(f)));
        try (Model a = format.read(source, FormatOptions.none()); Model b = format.read(f, FormatOptions.none())) {
            assertEquals(a.graph().initializers().size(), b.graph().initializers().size());
            for (int i = 0; i < a.graph().initializers().size(); i++) {
                assertTrue(a.graph().initializers().get(i).constant().contentEquals(b.graph().initializers().get(i).constant()));
            }
        }
    }

    @Test
    void damagedSignatureAndTruncationsAreMalformed() throws Exception {
        Path source = corpusFile("tfkeras/batchNormError2.h5");
        byte[] bytes = Files.readAllBytes(source);
        byte[] sig = bytes.clone();
        sig[1] = 'X';
        Path damaged = tmp.resolve("damaged.h5");
        Files.write(damaged, sig);
        assertFalse(format.detect(FileProbe.of(damaged)));
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> format.read(damaged, FormatOptions.none()));
        assertEquals(damaged, e.file());
        for (int len : new int[] {0, 7, 100, 1000, bytes.length / 2, bytes.length - 1}) {
            Path cut = tmp.resolve("cut" + len + ".h5");
            Files.write(cut, java.util.Arrays.copyOf(bytes, len));
            MalformedInputException t = assertThrows(MalformedInputException.class, () -> format.read(cut, FormatOptions.none()),
                    "truncated to " + len);
            assertTrue(t.getMessage().startsWith(cut.toString()), t.getMessage());
        }
    }

    @Test
    void randomCorruptionNeverEscapesAsAnUntypedException() throws Exception {
        Path source = corpusFile("tfkeras/batchNormError2.h5");
        byte[] bytes = Files.readAllBytes(source);
        Random r = new Random(42);
        int read = 0;
        int refused = 0;
        for (int i = 0; i < 300; i++) {
            byte[] b = bytes.clone();
            int flips = 1 + r.nextInt(8);
            // Most mutations hit the metadata at the front, where they matter; some anywhere.
            int span = i % 3 == 0 ? b.length : Math.min(b.length, 6000);
            for (int k = 0; k < flips; k++) {
                b[r.nextInt(span)] ^= (byte) (1 << r.nextInt(8));
            }
            Path f = tmp.resolve("fuzz" + i + ".h5");
            Files.write(f, b);
            try (Model m = format.read(f, FormatOptions.none())) {
                read += m.graph().nodes().isEmpty() ? 0 : 1;
            } catch (RosettaException e) {
                refused++;
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
            } catch (RuntimeException | Error e) {
                fail("mutation " + i + " escaped as " + e, e);
            }
            Files.delete(f);
        }
        System.out.println("keras-h5 fuzz: " + read + " read, " + refused + " refused with typed errors");
    }
}
