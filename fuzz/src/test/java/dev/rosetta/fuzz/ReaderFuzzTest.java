package dev.rosetta.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.rosetta.formats.FormatProvider;
import dev.rosetta.formats.numpy.NpyFormat;
import dev.rosetta.formats.onnx.OnnxFormat;
import dev.rosetta.formats.pytorch.PyTorchFormat;
import dev.rosetta.formats.pytorch.TorchScriptFormat;
import dev.rosetta.formats.safetensors.SafetensorsFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of every reader through its {@link FormatProvider}: the fuzzer's bytes
 * become a file, the provider reads it, and {@link ReadOracle} judges the outcome.
 *
 * <p>A plain {@code mvn test} replays the committed inputs under
 * {@code src/test/resources/dev/rosetta/fuzz/ReaderFuzzTestInputs/<method>/} (seeds from the golden
 * models and the shared corpus, and every crash found so far). With {@code JAZZER_FUZZ=1} one method
 * fuzzes (see the module's README); crashes land in that folder and become regression inputs.
 *
 * <p>The two PyTorch methods (zip and legacy pickle) and the two NumPy methods (.npy and .npz) read
 * through the same provider but start from different seeds, so that each container gets its own
 * corpus.
 */
class ReaderFuzzTest {
    /** The side file of {@link #onnxExternalData}: the name the ONNX writer gives it. */
    static final String ONNX_DATA_NAME = "model.onnx.data";

    private static final FormatProvider NUMPY = new NpyFormat();
    private static final FormatProvider ONNX = new OnnxFormat();
    private static final FormatProvider PYTORCH = new PyTorchFormat();
    private static final FormatProvider TORCHSCRIPT = new TorchScriptFormat();
    private static final FormatProvider SAFETENSORS = new SafetensorsFormat();

    @FuzzTest
    void pytorchZip(byte[] data) {
        read(PYTORCH, "state_dict.pt", data);
    }

    @FuzzTest
    void pytorchLegacy(byte[] data) {
        read(PYTORCH, "legacy.pt", data);
    }

    @FuzzTest
    void torchscript(byte[] data) {
        read(TORCHSCRIPT, "torchscript.pt", data);
    }

    @FuzzTest
    void safetensors(byte[] data) {
        read(SAFETENSORS, "model.safetensors", data);
    }

    @FuzzTest
    void npy(byte[] data) {
        read(NUMPY, "array.npy", data);
    }

    @FuzzTest
    void npz(byte[] data) {
        read(NUMPY, "arrays.npz", data);
    }

    @FuzzTest
    void onnx(byte[] data) {
        read(ONNX, "model.onnx", data);
    }

    /**
     * An ONNX model and its external-data side file, both under the fuzzer's control: the input is a
     * 4-byte big-endian length {@code n}, then {@code n} bytes of model, then the side file
     * {@value #ONNX_DATA_NAME} (see {@link #splitOnnxInput}).
     */
    @FuzzTest
    void onnxExternalData(byte[] data) {
        byte[][] parts = splitOnnxInput(data);
        Path dir = FuzzFiles.dir("onnx-external");
        FuzzFiles.write(dir.resolve(ONNX_DATA_NAME), parts[1]);
        read(ONNX, dir.resolve("model.onnx"), parts[0]);
    }

    /** Splits an {@link #onnxExternalData} input into the model's and the side file's bytes. */
    static byte[][] splitOnnxInput(byte[] data) {
        if (data.length < 4) {
            return new byte[][] {data, new byte[0]};
        }
        long n = Integer.toUnsignedLong(ByteBuffer.wrap(data, 0, 4).getInt());
        int cut = (int) Math.min(n, data.length - 4L) + 4;
        return new byte[][] {Arrays.copyOfRange(data, 4, cut), Arrays.copyOfRange(data, cut, data.length)};
    }

    /** The inverse of {@link #splitOnnxInput}, to build seeds. */
    static byte[] joinOnnxInput(byte[] model, byte[] side) {
        return ByteBuffer.allocate(4 + model.length + side.length).putInt(model.length).put(model).put(side).array();
    }

    private static void read(FormatProvider provider, String fileName, byte[] data) {
        read(provider, FuzzFiles.dir(provider.name()).resolve(fileName), data);
    }

    private static void read(FormatProvider provider, Path file, byte[] data) {
        FuzzFiles.write(file, data);
        ReadOracle.check(provider, file);
    }

    /** Temporary folders for fuzz inputs, one per name, made once per JVM and removed at exit. */
    static final class FuzzFiles {
        private static final Path ROOT = create();

        private FuzzFiles() {
        }

        static Path dir(String name) {
            Path d = ROOT.resolve(name);
            try {
                return Files.createDirectories(d);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        static void write(Path file, byte[] data) {
            try {
                Files.write(file, data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static Path create() {
            try {
                // Memory-backed when possible: every execution writes its input once.
                Path shm = Path.of("/dev/shm");
                Path root = Files.isDirectory(shm) && Files.isWritable(shm)
                        ? Files.createTempDirectory(shm, "rosetta-fuzz-") : Files.createTempDirectory("rosetta-fuzz-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> TestFiles.deleteTree(root)));
                return root;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
