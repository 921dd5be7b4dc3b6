package dev.rosetta.formats.pytorch.arch;

import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Value;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A recognized torchvision VGG and the builder of its graph.
 *
 * <p>{@code AdaptiveAvgPool2d((7, 7))} has no fixed-size ONNX equivalent in general, so the graph
 * gets a fixed input size ({@link InputSize#VGG_DEFAULT}, 224x224, unless another is given) and
 * the pool is built exactly for it: an {@code Identity} named {@code avgpool} when the feature map
 * is already 7x7 (224x224 input), an {@code AveragePool} with kernel = stride = side / 7 when the
 * sides are multiples of 7 (448x448, say). Other sizes are refused with
 * {@link UnsupportedFeatureException} before anything is built. The classifier's Dropout layers
 * are omitted (inference).
 *
 * @param config the feature configuration in torchvision's notation (-1 for "M")
 * @param name the torchvision constructor name, or {@code null} for a custom configuration
 */
record VggArchitecture(String prefix, DType dtype, long inChannels, List<Layer> layers, List<Long> config,
                       boolean batchNorm, long hidden1, long hidden2, long classes, String name)
        implements Architecture {

    /**
     * One entry of {@code features} with weights or a pool: a conv at {@code index} with its BN
     * ({@code bnIndex}, -1 without) and ReLU ({@code reluIndex}), or a 2x2 max pool at
     * {@code index} ({@code pool} true).
     */
    record Layer(boolean pool, int index, int bnIndex, int reluIndex) {
        static Layer conv(int index, int bnIndex, int reluIndex) {
            return new Layer(false, index, bnIndex, reluIndex);
        }

        static Layer pool(int index) {
            return new Layer(true, index, -1, -1);
        }
    }

    @Override
    public String family() {
        return VggFamily.NAME;
    }

    @Override
    public String variant() {
        return name == null ? "vgg-custom" : name;
    }

    @Override
    public String description() {
        long convs = layers.stream().filter(l -> !l.pool()).count();
        String bn = batchNorm ? " with batch norm" : "";
        if (name != null) {
            return "torchvision " + name + " (" + convs + " conv layers" + bn + ", " + classes + " classes)";
        }
        String cfg = config.stream().map(c -> c < 0 ? "M" : c.toString()).collect(Collectors.joining(",", "[", "]"));
        return "torchvision-style VGG (" + convs + " conv layers" + bn + ", config " + cfg + ", classifier "
                + hidden1 + "-" + hidden2 + "-" + classes + (inChannels == 3 ? "" : ", " + inChannels + " input channels")
                + ")";
    }

    @Override
    public void build(Graph weights, InputSize input) {
        InputSize size = input.isFixed() ? input : InputSize.VGG_DEFAULT;
        long h = featureSide(size.height());
        long w = featureSide(size.width());
        if (h < 7 || w < 7 || h % 7 != 0 || w % 7 != 0) {
            throw new UnsupportedFeatureException("VGG's AdaptiveAvgPool2d((7, 7)) is built only for feature maps whose"
                    + " sides are multiples of 7; input " + size + " gives a " + h + "x" + w
                    + " map (use an input whose sides are 32 x 7 x k, e.g. 224x224)");
        }
        GraphAssembler.buildAtomically(weights, prefix, dtype, asm -> {
            Value x = asm.input(inChannels, size);
            for (Layer l : layers) {
                if (l.pool()) {
                    x = asm.maxPool("features." + l.index(), x, 2, 2, 0);
                    continue;
                }
                x = asm.conv("features." + l.index(), x, 1, 1, 1);
                if (l.bnIndex() >= 0) {
                    x = asm.batchNorm("features." + l.bnIndex(), x);
                }
                x = asm.relu("features." + l.reluIndex(), x);
            }
            x = h == 7 && w == 7 ? asm.identity("avgpool", x) : asm.averagePool("avgpool", x, h / 7, w / 7);
            x = asm.flatten("flatten", x);
            x = asm.relu("classifier.1", asm.linear("classifier.0", x));
            x = asm.relu("classifier.4", asm.linear("classifier.3", x));
            x = asm.linear("classifier.6", x);
            asm.output(x);
        });
    }

    /** The side of the feature map for an input side: 3x3 pad-1 convs keep it, each 2x2 pool halves it. */
    private long featureSide(long side) {
        long s = side;
        for (Layer l : layers) {
            if (l.pool()) {
                s = s / 2;
            }
        }
        return s;
    }
}
