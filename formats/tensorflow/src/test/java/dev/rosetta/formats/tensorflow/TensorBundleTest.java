package dev.rosetta.formats.tensorflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.tensorflow.bundle.BundleEntry;
import dev.rosetta.formats.tensorflow.bundle.TensorBundle;
import dev.rosetta.formats.tensorflow.export.TfTensorConversion;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;

/** The variables bundle reader against TensorFlow itself and against damaged copies. */
class TensorBundleTest {
    private static final List<String> GOLDEN_VARIABLES = List.of("conv1/kernel", "conv1/bias", "conv2/kernel",
            "conv2/bias", "dense/kernel", "dense/bias");

    private static Path goldenModel() {
        return TestFiles.golden("tf_cnn", "saved_model");
    }

    private static Path goldenCopy(Path tmp) throws IOException {
        Path copy = tmp.resolve("saved_model");
        TestFiles.copyTree(goldenModel(), copy);
        return copy;
    }

    @Test
    void goldenVariablesEqualWhatTensorFlowRestores() {
        Path dir = goldenModel();
        try (TensorBundle bundle = TensorBundle.open(dir.resolve("variables"));
             SavedModelBundle tf = SavedModelBundle.load(dir.toString(), "serve")) {
            assertEquals(1, bundle.shardCount());
            assertEquals(GOLDEN_VARIABLES.stream().sorted().toList(), List.copyOf(bundle.entries().keySet()));
            for (String name : GOLDEN_VARIABLES) {
                Tensor ours = bundle.tensor(name);
                try (Result r = tf.session().runner().fetch(name).run()) {
                    Tensor theirs = TfTensorConversion.fromTf(r.get(0));
                    assertTrue(theirs.contentEquals(ours.withByteOrder(java.nio.ByteOrder.LITTLE_ENDIAN)),
                            name + " differs from TensorFlow's restored value");
                }
            }
        }
    }

    @Test
    void snappyCompressedIndexOfTfServingModel() {
        Path dir = TestFiles.corpus("tf-savedmodel", "saved_model_half_plus_two_cpu", "00000123", "variables");
        try (TensorBundle bundle = TensorBundle.open(dir)) {
            assertEquals(0.5, bundle.tensor("a").getDouble(0));
            assertEquals(2.0, bundle.tensor("b").getDouble(0));
            assertEquals(3.0, bundle.tensor("c").getDouble(0));
            BundleEntry a = bundle.entry("a");
            assertEquals(DType.FLOAT32, a.dtype());
            assertEquals(0, a.shape().length);
        }
    }

    @Test
    void flippedByteInDataShardIsAChecksumError(@TempDir Path tmp) throws IOException {
        Path copy = goldenCopy(tmp);
        Path shard = copy.resolve("variables/variables.data-00000-of-00001");
        byte[] data = Files.readAllBytes(shard);
        long offset;
        try (TensorBundle bundle = TensorBundle.open(copy.resolve("variables"))) {
            offset = bundle.entry("conv2/kernel").offset();
        }
        data[(int) offset + 17] ^= 0x40;
        Files.write(shard, data);
        try (TensorBundle bundle = TensorBundle.open(copy.resolve("variables"))) {
            bundle.tensor("conv1/kernel"); // an intact tensor still reads
            MalformedInputException e = assertThrows(MalformedInputException.class, () -> bundle.tensor("conv2/kernel"));
            assertEquals(shard, e.file());
            assertTrue(e.getMessage().contains("tensor 'conv2/kernel'"), e.getMessage());
            assertTrue(e.getMessage().matches("(?s).*checksum mismatch: the index stores masked crc32c 0x[0-9a-f]{8}, "
                    + "the \\d+ bytes at offset \\d+ give 0x[0-9a-f]{8}.*"), e.getMessage());
        }
        MalformedInputException viaReader = assertThrows(MalformedInputException.class,
                () -> SavedModelReader.read(copy, FormatOptions.none()));
        assertTrue(viaReader.getMessage().contains("checksum mismatch"), viaReader.getMessage());
    }

    @Test
    void flippedByteInIndexIsAChecksumError(@TempDir Path tmp) throws IOException {
        Path copy = goldenCopy(tmp);
        Path index = copy.resolve("variables/variables.index");
        byte[] data = Files.readAllBytes(index);
        data[3] ^= 0x01;
        Files.write(index, data);
        MalformedInputException e = assertThrows(MalformedInputException.class,
                () -> TensorBundle.open(copy.resolve("variables")));
        assertEquals(index, e.file());
        assertTrue(e.getMessage().contains("data block 0: checksum mismatch"), e.getMessage());
    }

    @Test
    void missingShardHasItsOwnError(@TempDir Path tmp) throws IOException {
        Path copy = goldenCopy(tmp);
        Path shard = copy.resolve("variables/variables.data-00000-of-00001");
        Files.delete(shard);
        MalformedInputException e = assertThrows(MalformedInputException.class,
                () -> SavedModelReader.read(copy, FormatOptions.none()));
        assertEquals(shard, e.file());
        assertTrue(e.getMessage().contains("shard 0 of 1: the data file is missing"), e.getMessage());
    }

    @Test
    void truncatedIndexIsMalformed(@TempDir Path tmp) throws IOException {
        Path copy = goldenCopy(tmp);
        Path index = copy.resolve("variables/variables.index");
        byte[] data = Files.readAllBytes(index);
        Files.write(index, java.util.Arrays.copyOf(data, data.length - 9));
        MalformedInputException e = assertThrows(MalformedInputException.class,
                () -> TensorBundle.open(copy.resolve("variables")));
        assertTrue(e.getMessage().contains("footer"), e.getMessage());
    }
}
