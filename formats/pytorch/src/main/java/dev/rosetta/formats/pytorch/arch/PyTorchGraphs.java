package dev.rosetta.formats.pytorch.arch;

import dev.rosetta.ir.Model;
import java.util.Optional;

/**
 * The entry point for turning a weights-only model (a state dict read from {@code .pt} or
 * {@code .safetensors}) into an executable one when its architecture is recognized.
 *
 * <p>The graph is built <em>in place</em>: the model keeps its identity, its initializers (the
 * same tensors, with layout tags added) and the mapped files it owns, and gains the graph input
 * {@code "input"}, the nodes and the graph output {@code "output"}, plus metadata
 * {@value #ARCHITECTURE} (the description), {@value #FAMILY} and {@value #VARIANT}, and the ONNX
 * opset import 17 that the nodes follow when it has none. When nothing is recognized the model is
 * left untouched and stays weights-only; {@link #noGraphReason(Model)} says why.
 */
public final class PyTorchGraphs {
    /** Metadata key of the architecture description. */
    public static final String ARCHITECTURE = "architecture";
    /** Metadata key of the family ({@code resnet}, {@code mobilenet_v2}, {@code vgg}). */
    public static final String FAMILY = "architecture.family";
    /** Metadata key of the torchvision variant ({@code resnet50}, ...). */
    public static final String VARIANT = "architecture.variant";

    private static final long OPSET = 17;

    private PyTorchGraphs() {
    }

    /**
     * Recognizes the architecture of a weights-only model and builds its graph into it, with a
     * symbolic input size (VGG: 224x224, see {@link InputSize}).
     *
     * @return the architecture built, or empty when none matched (the model is unchanged)
     * @throws IllegalArgumentException when the model already has nodes
     */
    public static Optional<Architecture> attachArchitecture(Model model) {
        return attachArchitecture(model, InputSize.symbolic());
    }

    /**
     * Like {@link #attachArchitecture(Model)} with a given input size.
     *
     * @throws dev.rosetta.error.UnsupportedFeatureException when the architecture was recognized
     *     but cannot be built for {@code input} (the model is then unchanged)
     */
    public static Optional<Architecture> attachArchitecture(Model model, InputSize input) {
        if (model.hasComputation()) {
            throw new IllegalArgumentException("the model already has a graph of " + model.graph().nodes().size()
                    + " nodes; architectures are recognized only in weights-only models");
        }
        Optional<Architecture> found = ArchitectureRecognizer.recognize(model.graph());
        found.ifPresent(a -> {
            a.build(model.graph(), input);
            model.putMetadata(ARCHITECTURE, a.description());
            model.putMetadata(FAMILY, a.family());
            model.putMetadata(VARIANT, a.variant());
            if (!model.opsetImports().containsKey("")) {
                model.setOpsetImport("", OPSET);
            }
        });
        return found;
    }

    /**
     * {@link #attachArchitecture(Model)} for chaining: returns {@code weightsOnly} itself, with a
     * graph when its architecture was recognized and unchanged otherwise (check
     * {@link Model#hasComputation()}).
     */
    public static Model withArchitecture(Model weightsOnly) {
        attachArchitecture(weightsOnly);
        return weightsOnly;
    }

    /**
     * One line for a model that stays weights-only: "no graph exists: the state dict matches no
     * known architecture (resnet: ...; mobilenet_v2: ...; vgg: ...)".
     */
    public static String noGraphReason(Model model) {
        var r = ArchitectureRecognizer.examine(model.graph());
        if (r.architecture().isPresent()) {
            return "the state dict is a " + r.architecture().get().description();
        }
        return "no graph exists: the state dict matches no known architecture (" + String.join("; ", r.rejections())
                + "); it converts tensor by tensor, or give the graph with --graph FILE";
    }
}
