package dev.rosetta.formats;

import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.ir.Model;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One model file format: how to recognize it, read it into the IR and write the IR back out.
 *
 * <p>Implementations are found through {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/dev.rosetta.formats.FormatProvider}) and must have a public no-argument
 * constructor with no side effects. A provider that only reads (or only writes) says so in
 * {@link #canRead()}/{@link #canWrite()} and throws {@link UnsupportedFeatureException} from the
 * other method.
 *
 * <p>Readers treat input as hostile: every problem with the file's content is a
 * {@link dev.rosetta.error.MalformedInputException} naming the file, the place and what was
 * expected. Writers write to exactly the path they are given; making that atomic is the caller's
 * job ({@link AtomicOutput}).
 */
public interface FormatProvider {

    /** Short unique name used on the command line, e.g. {@code "onnx"}. */
    String name();

    /** One line for {@code rosetta formats}. */
    String description();

    /** File extensions with the dot, e.g. {@code [".npy", ".npz"]}; empty for directory formats. */
    List<String> extensions();

    boolean canRead();

    boolean canWrite();

    /**
     * What this format supports and how: streaming or not, limits, variants. Shown by
     * {@code rosetta formats}.
     */
    String supportStatement();

    /**
     * Whether {@code probe} holds this format, judged by content (magic bytes, entry names), not
     * by extension alone.
     */
    boolean detect(FileProbe probe);

    /**
     * Reads a model. The returned model owns any mapped regions of the file.
     *
     * @throws dev.rosetta.error.MalformedInputException when the content is not valid
     * @throws UnsupportedFeatureException for valid content Rosetta does not handle
     * @throws IOException when the file cannot be read at all
     */
    Model read(Path path, FormatOptions options) throws IOException;

    /**
     * Writes a model to {@code target}, which does not exist yet (a file, or a directory for
     * directory formats).
     *
     * @throws UnsupportedFeatureException when the model uses something this format cannot hold
     * @throws IOException on write failure
     */
    void write(Model model, Path target, FormatOptions options) throws IOException;

    /**
     * Called after the output written by {@link #write} to a temporary has been renamed to
     * {@code target}: a format that writes side files beside its target removes those the previous
     * output used and the new one does not (the previous output kept them until now, so a run
     * killed at any moment leaves a consistent pair). Does nothing by default; must not throw.
     */
    default void committed(Path target) {
    }

    /**
     * True when this graph format also has a weights-only file layout that it writes from a model
     * without a graph when asked with the write option {@code weights-only} (Keras: the layout of
     * {@code model.save_weights}). False by default.
     */
    default boolean writesWeightsOnlyFiles() {
        return false;
    }

    /**
     * True when files of this format hold a computation graph (ONNX, Keras, SavedModel), so that
     * writing a weights-only model to it makes no sense; false for weights and array formats.
     */
    default boolean storesGraphs() {
        return false;
    }

    /**
     * The channel order graphs of this format use; the converter rewrites a graph into it (with
     * the layout passes) before writing. Weights-only formats say {@link ChannelOrder#ANY}.
     */
    default ChannelOrder channelOrder() {
        return ChannelOrder.ANY;
    }

    /** True when this format is a directory (a SavedModel), not a single file. */
    default boolean isDirectoryFormat() {
        return false;
    }
}
