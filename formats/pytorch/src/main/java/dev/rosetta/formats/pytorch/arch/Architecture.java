package dev.rosetta.formats.pytorch.arch;

import dev.rosetta.ir.Graph;

/**
 * An architecture recognized from a state dict's key names and shapes, able to build its full
 * computation graph around those weights.
 *
 * <p>Instances come from {@link ArchitectureRecognizer}; each holds what recognition inferred
 * (block types, counts, strides, groups, widths, classes) and the key prefix it found
 * ({@code "module."} for a {@code DataParallel} checkpoint, usually empty).
 */
public interface Architecture {

    /** The family: {@code "resnet"}, {@code "mobilenet_v2"} or {@code "vgg"}. */
    String family();

    /**
     * The torchvision constructor this matches exactly ({@code "resnet50"},
     * {@code "resnext50_32x4d"}, {@code "vgg11_bn"}, ...), or the family followed by
     * {@code "-custom"} for a variant with non-standard widths or depths.
     */
    String variant();

    /** One line for users, e.g. {@code "torchvision resnet50 (Bottleneck [3,4,6,3], 1000 classes)"}. */
    String description();

    /**
     * Adds the graph input {@code "input"}, the nodes and the graph output {@code "output"} to
     * {@code weights}, a graph that holds the recognized state dict as initializers and has no
     * nodes yet. Initializers stay as they are, apart from their layout tags (OIHW for conv
     * weights, OI for linear weights, NONE for vectors and scalars). Node names follow the PyTorch
     * module path, prefixed like the keys.
     *
     * @param input the spatial size of the input; see {@link InputSize} for VGG's fixed size
     * @throws dev.rosetta.error.UnsupportedFeatureException when the input size cannot work with
     *     the architecture (VGG's adaptive pool needs a feature map that is a multiple of 7)
     * @throws IllegalArgumentException when {@code weights} already has nodes, or lacks the
     *     initializers this architecture was recognized from
     */
    void build(Graph weights, InputSize input);
}
