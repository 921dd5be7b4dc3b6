package dev.rosetta.formats.keras;

import dev.rosetta.formats.FileProbe;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.ir.Model;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Format {@code keras-h5}: the legacy Keras HDF5 format of Keras 2 and tf.keras
 * ({@code model.save("m.h5")}, {@code model.save_weights("w.h5")}), read with jHDF and written by
 * Rosetta's own streaming HDF5 writer.
 *
 * <p>Detection is by content: the HDF5 signature {@code \x89HDF\r\n\x1a\n} at offset 0 or at a
 * user-block offset (512, 1024, 2048). Reading options: {@value KerasOptions#CONFIG} (architecture
 * JSON for a weights-only file), {@value KerasOptions#WEIGHTS_ONLY}. Writing options:
 * {@value KerasOptions#WEIGHTS_ONLY}, {@value KerasOptions#KERAS_VERSION}.
 */
public final class KerasH5Format extends KerasFormat {
    /** The format's name. */
    public static final String NAME = "keras-h5";

    static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Keras 2 / tf.keras legacy HDF5 (.h5): full models and weights-only files";
    }

    @Override
    public List<String> extensions() {
        return List.of(".h5", ".hdf5");
    }

    @Override
    public String supportStatement() {
        return "reads Sequential and Functional models of Keras 2.x and tf.keras (nested models included), "
                + "weights-only files with an architecture JSON (option config=FILE), or just the weights "
                + "(weights-only=true); layers: " + String.join(", ", dev.rosetta.formats.keras.read.LayerTable.classNames())
                + "; tensors are mapped from contiguous datasets without copying. Writes a channels-last IR graph as a "
                + "Functional model Keras loads (model_config, model_weights), or only the weights (weights-only=true); "
                + "datasets are streamed from the tensors";
    }

    @Override
    public boolean detect(FileProbe probe) {
        if (probe.isDirectory()) {
            return false;
        }
        byte[] head = probe.head();
        for (int offset : new int[] {0, 512, 1024, 2048}) {
            if (matches(head, offset)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(byte[] head, int offset) {
        if (head.length < offset + HDF5_SIGNATURE.length) {
            return false;
        }
        for (int i = 0; i < HDF5_SIGNATURE.length; i++) {
            if (head[offset + i] != HDF5_SIGNATURE[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Model read(Path path, FormatOptions options) throws IOException {
        return KerasReader.readH5(path, options);
    }

    @Override
    public void write(Model model, Path target, FormatOptions options) throws IOException {
        KerasWriter.writeH5(model, target, options);
    }
}
