package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.error.RosettaIOException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.ir.Model;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.proto.ConfigProto;

/**
 * Writes a channels-last IR model as a SavedModel through TensorFlow Java: the graph from
 * {@link TfGraphBuilder} (weights as {@code VariableV2} ops, saved in {@code variables/}), one
 * signature (default {@code serving_default}) whose input and output keys are the IR's graph input
 * and output names, tag {@code serve}. TensorFlow's {@code SavedModelBundle.load} and TF Serving
 * load the result. Models with channels-first spatial ops are refused with a pointer to the layout
 * pass.
 */
public final class SavedModelWriter {
    /** The TensorFlow Java release the writer uses. */
    public static final String TF_JAVA_VERSION = "1.1.0";

    /**
     * Small tensors no operator reads (PyTorch's {@code num_batches_tracked}), in
     * {@link dev.rosetta.formats.CarriedBuffers}'s text form, relative to the SavedModel folder.
     */
    public static final String BUFFERS_FILE = "assets.extra/rosetta_buffers.txt";

    private SavedModelWriter() {
    }

    /**
     * Writes {@code model} to the directory {@code target} (which must not exist yet).
     *
     * @throws UnsupportedFeatureException listing every node TensorFlow ops cannot express, or for
     *     a weights-only model
     * @throws RosettaIOException when TensorFlow cannot write the files
     */
    public static void write(Model model, Path target, String signatureKey) {
        if (!model.hasComputation()) {
            throw new UnsupportedFeatureException("a SavedModel holds a graph, but model '" + model.graph().name()
                    + "' has weights only (give it an architecture first)");
        }
        try (Graph g = new Graph(); Session s = new Session(g, ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(1).setInterOpParallelismThreads(1).build())) {
            TfGraphBuilder.Built built = TfGraphBuilder.build(g, model, TfGraphBuilder.Mode.CHANNELS_LAST);
            TfGraphBuilder.initialize(s, built);
            Signature.Builder sig = Signature.builder(signatureKey);
            for (Map.Entry<String, Output<?>> e : built.inputs().entrySet()) {
                sig.input(e.getKey(), e.getValue());
            }
            for (Map.Entry<String, Output<?>> e : built.outputs().entrySet()) {
                sig.output(e.getKey(), e.getValue());
            }
            SavedModelBundle.exporter(target.toString()).withFunction(s.function(sig.build())).export();
            String buffers = dev.rosetta.formats.CarriedBuffers.encode(model.graph());
            if (buffers != null) {
                // assets.extra is SavedModel's folder for files TensorFlow itself ignores.
                java.nio.file.Path extra = target.resolve(BUFFERS_FILE);
                java.nio.file.Files.createDirectories(extra.getParent());
                java.nio.file.Files.writeString(extra, buffers);
            }
        } catch (IOException e) {
            throw new RosettaIOException(target, "exporting the SavedModel", e);
        } catch (TensorFlowException | IllegalArgumentException | UnsupportedOperationException e) {
            // TensorFlow Java's TFInvalidArgumentException and TFUnimplementedException extend the last two.
            throw new UnsupportedFeatureException(target + ": TensorFlow could not build or export the graph: "
                    + e.getMessage());
        }
    }
}
