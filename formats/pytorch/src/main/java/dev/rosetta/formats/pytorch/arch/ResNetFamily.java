package dev.rosetta.formats.pytorch.arch;

import java.util.ArrayList;
import java.util.List;

/**
 * torchvision's ResNet family ({@code torchvision.models.resnet.ResNet}): resnet18/34/50/101/152,
 * resnext50_32x4d, resnext101_32x8d/64x4d, wide_resnet50_2/101_2, any number of classes, and
 * narrow or otherwise re-sized variants built from the same blocks.
 *
 * <p>Recognition reads the structure from keys and shapes: the block type (a {@code conv3} means
 * Bottleneck), the number of blocks per layer, each block's widths and groups (from the 3x3
 * conv's in-channels per group), where downsample branches are, and the classes (from
 * {@code fc.weight}; a state dict without {@code fc} is a feature extractor ending at the pooled
 * features). Strides are torchvision's: layer1 stride 1, layers 2-4 stride 2 on the first block's
 * 3x3 conv (ResNet v1.5) and its 1x1 downsample conv; no dilation.
 */
final class ResNetFamily implements Family {
    static final String NAME = "resnet";

    private static final long[] STANDARD_PLANES = {64, 128, 256, 512};

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Architecture recognize(WeightTable w) {
        if (!w.has("conv1.weight") || !w.has("layer1.0.conv1.weight")) {
            throw new NotRecognized("no conv1.weight and layer1.0.conv1.weight");
        }
        long[] stemShape = w.take("conv1.weight", -1, -1, 7, 7);
        long inChannels = stemShape[1];
        long stem = stemShape[0];
        w.takeBatchNorm("bn1", stem);
        List<Integer> layerNumbers = w.indices("layer");
        if (!layerNumbers.equals(List.of(1, 2, 3, 4))) {
            throw new NotRecognized("expected layer1..layer4, found layers " + layerNumbers);
        }
        boolean bottleneck = w.has("layer1.0.conv3.weight");
        List<List<ResNetArchitecture.Block>> layers = new ArrayList<>();
        long channels = stem;
        for (int l = 1; l <= 4; l++) {
            List<Integer> blocks = w.indices("layer" + l + ".");
            if (blocks.isEmpty() || blocks.get(blocks.size() - 1) != blocks.size() - 1) {
                throw new NotRecognized("layer" + l + " blocks are not numbered 0..n-1: " + blocks);
            }
            List<ResNetArchitecture.Block> layer = new ArrayList<>();
            for (int b = 0; b < blocks.size(); b++) {
                int stride = l > 1 && b == 0 ? 2 : 1;
                ResNetArchitecture.Block block = bottleneck
                        ? bottleneck(w, "layer" + l + "." + b + ".", channels, stride)
                        : basic(w, "layer" + l + "." + b + ".", channels, stride);
                layer.add(block);
                channels = block.outChannels();
            }
            layers.add(List.copyOf(layer));
        }
        long classes = -1;
        if (w.has("fc.weight")) {
            classes = w.takeLinear("fc", channels)[0];
        }
        w.requireAllUsed();
        return new ResNetArchitecture(w.prefix(), w.floatType(), bottleneck, inChannels, stem, List.copyOf(layers),
                classes);
    }

    private static ResNetArchitecture.Block basic(WeightTable w, String p, long in, int stride) {
        if (w.has(p + "conv3.weight")) {
            throw new NotRecognized("mixed block types: " + w.prefix() + p + "conv3.weight in a BasicBlock network");
        }
        long planes = w.take(p + "conv1.weight", -1, in, 3, 3)[0];
        w.takeBatchNorm(p + "bn1", planes);
        w.take(p + "conv2.weight", planes, planes, 3, 3);
        w.takeBatchNorm(p + "bn2", planes);
        boolean down = downsample(w, p, in, planes, stride);
        return new ResNetArchitecture.Block(stride, 1, planes, planes, down);
    }

    private static ResNetArchitecture.Block bottleneck(WeightTable w, String p, long in, int stride) {
        long width = w.take(p + "conv1.weight", -1, in, 1, 1)[0];
        w.takeBatchNorm(p + "bn1", width);
        long perGroup = w.take(p + "conv2.weight", width, -1, 3, 3)[1];
        if (perGroup <= 0 || width % perGroup != 0) {
            throw new NotRecognized(w.prefix() + p + "conv2.weight has " + perGroup
                    + " input channels per group, which does not divide its width " + width);
        }
        long groups = width / perGroup;
        w.takeBatchNorm(p + "bn2", width);
        long out = w.take(p + "conv3.weight", -1, width, 1, 1)[0];
        w.takeBatchNorm(p + "bn3", out);
        boolean down = downsample(w, p, in, out, stride);
        return new ResNetArchitecture.Block(stride, groups, width, out, down);
    }

    private static boolean downsample(WeightTable w, String p, long in, long out, int stride) {
        if (w.has(p + "downsample.0.weight")) {
            w.take(p + "downsample.0.weight", out, in, 1, 1);
            w.takeBatchNorm(p + "downsample.1", out);
            return true;
        }
        if (stride != 1 || in != out) {
            throw new NotRecognized("missing " + w.prefix() + p + "downsample.0.weight: the block changes "
                    + (stride != 1 ? "resolution (stride " + stride + ")" : "channels " + in + " -> " + out));
        }
        return false;
    }

    /** torchvision's constructor name for this exact shape, or {@code null}. */
    static String standardName(ResNetArchitecture a) {
        if (a.inChannels() != 3 || a.stem() != 64) {
            return null;
        }
        List<Integer> counts = a.blockCounts();
        long groups = a.layers().get(0).get(0).groups();
        long widthPerGroup = -1;
        for (int l = 0; l < 4; l++) {
            long planes = STANDARD_PLANES[l];
            for (ResNetArchitecture.Block b : a.layers().get(l)) {
                long expectedOut = a.bottleneck() ? planes * 4 : planes;
                if (b.outChannels() != expectedOut || b.groups() != groups) {
                    return null;
                }
                if (a.bottleneck()) {
                    // torchvision: width = int(planes * (width_per_group / 64)) * groups
                    long wpg = b.width() * 64 / (planes * groups);
                    if (wpg * planes * groups != b.width() * 64 || (widthPerGroup >= 0 && wpg != widthPerGroup)) {
                        return null;
                    }
                    widthPerGroup = wpg;
                }
            }
        }
        if (!a.bottleneck()) {
            if (counts.equals(List.of(2, 2, 2, 2))) {
                return "resnet18";
            }
            return counts.equals(List.of(3, 4, 6, 3)) ? "resnet34" : null;
        }
        boolean fifty = counts.equals(List.of(3, 4, 6, 3));
        boolean hundred = counts.equals(List.of(3, 4, 23, 3));
        if (groups == 1 && widthPerGroup == 64) {
            return fifty ? "resnet50" : hundred ? "resnet101" : counts.equals(List.of(3, 8, 36, 3)) ? "resnet152" : null;
        }
        if (groups == 1 && widthPerGroup == 128) {
            return fifty ? "wide_resnet50_2" : hundred ? "wide_resnet101_2" : null;
        }
        if (groups == 32 && widthPerGroup == 4 && fifty) {
            return "resnext50_32x4d";
        }
        if (groups == 32 && widthPerGroup == 8 && hundred) {
            return "resnext101_32x8d";
        }
        if (groups == 64 && widthPerGroup == 4 && hundred) {
            return "resnext101_64x4d";
        }
        return null;
    }
}
