package dev.rosetta.cli;

import static dev.rosetta.cli.CliTest.rosetta;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Keras models that hand a {@code channels_first} DepthwiseConv2D's output to {@code channels_last}
 * ZeroPadding2D, UpSampling2D, Cropping2D and pooling layers (tf.keras models of the dl4j test
 * corpus): each layer reads the array with its own axes as channels. They convert to ONNX,
 * SavedModel and Keras 3 with {@code --verify}: the Keras model runs on TensorFlow and the result
 * on its own engine, and they agree. Before, the layout passes refused them as contradictory
 * ("Pad runs NHWC but its input is tagged NCHW"), or ONNX found channels-last pools left over.
 */
class KerasMixedDataFormatsTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} to {1}")
    @CsvSource({"cnn2d_40, onnx", "cnn2d_40, savedmodel", "cnn2d_40, keras", "cnn2d_42, onnx", "cnn2d_42, savedmodel"})
    void mixedDataFormatsConvertAndVerify(String model, String target) {
        Path file = BatchCommandTest.CORPUS.resolve("keras-h5/tfkeras/" + model + ".h5");
        Assumptions.assumeTrue(Files.isRegularFile(file), "corpus file " + file + " is absent");
        CliTest.Result r = rosetta("convert", file.toString(), "-o", dir.resolve("out").toString(), "--to", target,
                "--verify");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("PASSED"), r.out());
    }
}
