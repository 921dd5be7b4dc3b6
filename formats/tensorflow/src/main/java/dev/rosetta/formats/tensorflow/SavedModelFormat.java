package dev.rosetta.formats.tensorflow;

import dev.rosetta.formats.FileProbe;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.FormatProvider;
import dev.rosetta.formats.tensorflow.export.SavedModelWriter;
import dev.rosetta.formats.tensorflow.ops.TfOps;
import dev.rosetta.ir.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * TensorFlow SavedModel directories: read (TF1 and TF2, variables from the bundle) and written
 * through TensorFlow Java.
 *
 * <p>Read options: {@code signature} (default {@code serving_default}), {@code tags} (default
 * {@code serve}), {@code keep-unsupported}. Write options: {@code signature} (the key to export
 * under, default {@code serving_default}). A path to a {@code saved_model.pb} file reads its folder.
 */
public final class SavedModelFormat implements FormatProvider {
    /** The provider's name. */
    public static final String NAME = "savedmodel";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "TensorFlow SavedModel directories (saved_model.pb + variables/), read and written";
    }

    @Override
    public List<String> extensions() {
        return List.of();
    }

    @Override
    public boolean canRead() {
        return true;
    }

    @Override
    public boolean canWrite() {
        return true;
    }

    @Override
    public dev.rosetta.formats.ChannelOrder channelOrder() {
        return dev.rosetta.formats.ChannelOrder.LAST;
    }

    @Override
    public boolean storesGraphs() {
        return true;
    }

    @Override
    public boolean isDirectoryFormat() {
        return true;
    }

    @Override
    public String supportStatement() {
        return "Reads the meta graph tagged 'serve' and one signature (serving_default or --signature): TF1 graphs and"
                + " TF2 function libraries (calls inlined), variables from the tensor bundle (sharded, CRC32C-checked,"
                + " memory-mapped; sliced variables refused). TensorFlow ops: " + String.join(", ", TfOps.supported())
                + ". Writes channels-last IR models as a TF1-style SavedModel with variables and a serving_default"
                + " signature through TensorFlow Java " + SavedModelWriter.TF_JAVA_VERSION + ".";
    }

    @Override
    public boolean detect(FileProbe probe) {
        Path p = probe.path();
        if (probe.isDirectory()) {
            return Files.isRegularFile(p.resolve(SavedModelReader.PROTO_FILE));
        }
        return probe.fileName().equals(SavedModelReader.PROTO_FILE);
    }

    @Override
    public Model read(Path path, FormatOptions options) {
        Path dir = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
        return SavedModelReader.read(dir, options);
    }

    @Override
    public void write(Model model, Path target, FormatOptions options) {
        SavedModelWriter.write(model, target, options.get("signature", SavedModelReader.DEFAULT_SIGNATURE));
    }
}
