package dev.rosetta.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.rosetta.formats.FormatProvider;
import dev.rosetta.formats.keras.KerasH5Format;
import dev.rosetta.formats.keras.KerasV3Format;
import dev.rosetta.formats.tensorflow.GraphDefFormat;
import dev.rosetta.formats.tensorflow.SavedModelFormat;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzzing of the Keras and TensorFlow readers, as {@link ReaderFuzzTest} does for
 * the others (same oracle, same layout of committed inputs under
 * {@code src/test/resources/dev/rosetta/fuzz/TfKerasFuzzTestInputs/<method>/}).
 */
class TfKerasFuzzTest {
    static final String SAVED_MODEL_PB = "saved_model.pb";
    static final String VARIABLES_INDEX = "variables/variables.index";
    static final String VARIABLES_DATA = "variables/variables.data-00000-of-00001";

    private static final FormatProvider KERAS_H5 = new KerasH5Format();
    private static final FormatProvider KERAS_V3 = new KerasV3Format();
    private static final FormatProvider SAVED_MODEL = new SavedModelFormat();
    private static final FormatProvider GRAPH_DEF = new GraphDefFormat();

    @FuzzTest
    void kerasH5(byte[] data) {
        read(KERAS_H5, ReaderFuzzTest.FuzzFiles.dir("keras-h5").resolve("model.h5"), data);
    }

    @FuzzTest
    void kerasV3(byte[] data) {
        read(KERAS_V3, ReaderFuzzTest.FuzzFiles.dir("keras-v3").resolve("model.keras"), data);
    }

    @FuzzTest
    void graphDef(byte[] data) {
        read(GRAPH_DEF, ReaderFuzzTest.FuzzFiles.dir("graphdef").resolve("frozen_model.pb"), data);
    }

    /**
     * A SavedModel folder whose three files the fuzzer controls: the input is split by
     * {@link #split} into {@value #SAVED_MODEL_PB}, {@value #VARIABLES_INDEX} and
     * {@value #VARIABLES_DATA}.
     */
    @FuzzTest
    void savedModel(byte[] data) {
        byte[][] parts = split(data, 3);
        Path dir = ReaderFuzzTest.FuzzFiles.dir("saved-model");
        ReaderFuzzTest.FuzzFiles.dir("saved-model/variables");
        ReaderFuzzTest.FuzzFiles.write(dir.resolve(SAVED_MODEL_PB), parts[0]);
        ReaderFuzzTest.FuzzFiles.write(dir.resolve(VARIABLES_INDEX), parts[1]);
        ReaderFuzzTest.FuzzFiles.write(dir.resolve(VARIABLES_DATA), parts[2]);
        ReadOracle.check(SAVED_MODEL, dir);
    }

    /**
     * Splits an input into {@code n} files: {@code n - 1} parts each preceded by a 4-byte
     * big-endian length (clamped to what is left), then the rest.
     */
    static byte[][] split(byte[] data, int n) {
        byte[][] parts = new byte[n][];
        int at = 0;
        for (int i = 0; i < n - 1; i++) {
            if (data.length - at < 4) {
                parts[i] = new byte[0];
                continue;
            }
            long len = Integer.toUnsignedLong(ByteBuffer.wrap(data, at, 4).getInt());
            at += 4;
            int end = (int) Math.min(at + len, data.length);
            parts[i] = Arrays.copyOfRange(data, at, end);
            at = end;
        }
        parts[n - 1] = Arrays.copyOfRange(data, Math.min(at, data.length), data.length);
        return parts;
    }

    /** The inverse of {@link #split}, to build seeds. */
    static byte[] join(byte[]... parts) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < parts.length - 1; i++) {
            out.add(ByteBuffer.allocate(4).putInt(parts[i].length).array());
            out.add(parts[i]);
        }
        out.add(parts[parts.length - 1]);
        return HostileFiles.cat(out.toArray(byte[][]::new));
    }

    private static void read(FormatProvider provider, Path file, byte[] data) {
        ReaderFuzzTest.FuzzFiles.write(file, data);
        ReadOracle.check(provider, file);
    }
}
