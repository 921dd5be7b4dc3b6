package dev.rosetta.formats;

import dev.rosetta.ir.Model;
import java.util.Optional;

/**
 * Builds the computation graph of a weights-only model (a state dict, a safetensors file) by
 * recognizing a known architecture from its tensor names and shapes.
 *
 * <p>Found through {@link java.util.ServiceLoader}; see {@link GraphRecoveries}. An implementation
 * either adds nodes, inputs and outputs to the model's graph (keeping its initializers) and returns
 * a description of what it recognized, or leaves the model untouched and returns empty.
 */
public interface GraphRecovery {
    /** Short name, e.g. {@code "torchvision"}. */
    String name();

    /**
     * Recognizes the model and builds its graph in place.
     *
     * @param model a model whose graph has initializers but no nodes
     * @return a description such as "torchvision resnet50 (Bottleneck [3,4,6,3], 1000 classes)"
     */
    Optional<String> recover(Model model);

    /** One line saying why {@link #recover} found nothing, for the user. */
    String whyNot(Model model);
}
