package dev.rosetta.formats.keras;

import dev.rosetta.formats.FileProbe;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.ir.Model;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Format {@code keras}: the Keras 3 archive ({@code model.save("m.keras")}), a zip holding
 * {@code config.json}, {@code metadata.json} and {@code model.weights.h5}, whose variables are
 * stored as {@code layers/<snake_case class>[_n]/vars/0, 1, ...}.
 *
 * <p>Detected by content: a zip with entries {@code config.json} and {@code model.weights.h5}.
 */
public final class KerasV3Format extends KerasFormat {
    /** The format's name. */
    public static final String NAME = "keras";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Keras 3 archive (.keras): config.json + model.weights.h5";
    }

    @Override
    public List<String> extensions() {
        return List.of(".keras");
    }

    @Override
    public String supportStatement() {
        return "reads Keras 3 Sequential and Functional archives with the layers of keras-h5 (weights by position "
                + "under layers/<class>/vars); model.weights.h5 is copied out of the zip and mapped. Writes a "
                + "channels-last IR graph as a Keras 3 Functional archive (weights-only=true writes a .weights.h5 "
                + "layout instead)";
    }

    @Override
    public boolean detect(FileProbe probe) {
        if (probe.isDirectory() || !probe.isZip()) {
            return false;
        }
        List<String> names = probe.zipEntryNames();
        return names.contains("config.json") && (names.contains("model.weights.h5") || names.contains("model.weights.npz"));
    }

    @Override
    public Model read(Path path, FormatOptions options) throws IOException {
        return KerasReader.readArchive(path, options);
    }

    @Override
    public void write(Model model, Path target, FormatOptions options) throws IOException {
        KerasWriter.writeArchive(model, target, options);
    }
}
