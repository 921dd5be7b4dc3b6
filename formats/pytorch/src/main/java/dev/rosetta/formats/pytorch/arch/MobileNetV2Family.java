package dev.rosetta.formats.pytorch.arch;

import java.util.ArrayList;
import java.util.List;

/**
 * torchvision's MobileNetV2 ({@code torchvision.models.mobilenetv2.MobileNetV2}), at any width
 * multiplier and number of classes.
 *
 * <p>Keys: {@code features.0} is the 3x3 stride-2 stem (conv {@code .0}, BN {@code .1});
 * {@code features.1..n-2} are inverted residual blocks, with an expansion ({@code conv.0} 1x1,
 * {@code conv.1} depthwise 3x3, {@code conv.2} 1x1, {@code conv.3} BN) or, at expansion 1,
 * without ({@code conv.0} depthwise, {@code conv.1} 1x1, {@code conv.2} BN); {@code features.n-1}
 * is the final 1x1 conv; {@code classifier.1} the Linear ({@code classifier.0} is Dropout).
 *
 * <p>Strides are not in the weights. They come from torchvision's setting: the blocks form seven
 * stages with strides 1, 2, 2, 2, 1, 2, 1 on their first block. With torchvision's 17 blocks the
 * stages have its block counts (1, 2, 3, 4, 3, 3, 1) at any width; with another number of blocks
 * a stage starts wherever the channel count changes, and a state dict whose blocks do not form
 * exactly seven stages (a custom {@code inverted_residual_setting}) is not recognized. A block
 * adds its input back when its stride is 1 and its channels do not
 * change, as in torchvision.
 */
final class MobileNetV2Family implements Family {
    static final String NAME = "mobilenet_v2";

    /** First-block strides of torchvision's seven stages. */
    private static final int[] STAGE_STRIDES = {1, 2, 2, 2, 1, 2, 1};
    /** Where the stages start among torchvision's 17 blocks (block counts 1, 2, 3, 4, 3, 3, 1). */
    private static final List<Integer> STANDARD_STAGE_STARTS = List.of(0, 1, 3, 6, 10, 13, 16);
    private static final List<Long> STANDARD_OUTPUTS = List.of(16L, 24L, 24L, 32L, 32L, 32L, 64L, 64L, 64L, 64L,
            96L, 96L, 96L, 160L, 160L, 160L, 320L);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Architecture recognize(WeightTable w) {
        if (!w.has("features.0.0.weight") || !w.has("features.1.conv.0.0.weight")) {
            throw new NotRecognized("no features.0.0.weight and features.1.conv.0.0.weight");
        }
        long[] stemShape = w.take("features.0.0.weight", -1, -1, 3, 3);
        long stem = stemShape[0];
        w.takeBatchNorm("features.0.1", stem);
        List<Integer> idx = w.indices("features.");
        int last = idx.get(idx.size() - 1);
        if (last != idx.size() - 1 || last < 2) {
            throw new NotRecognized("features are not numbered 0..n-1 with n >= 3: " + idx);
        }
        List<long[]> shapes = new ArrayList<>(); // {in, hidden, out, expand?1:0}
        long channels = stem;
        for (int i = 1; i < last; i++) {
            long[] s = invertedResidual(w, "features." + i + ".conv.", channels);
            shapes.add(s);
            channels = s[2];
        }
        List<MobileNetV2Architecture.Block> blocks = new ArrayList<>();
        List<Integer> starts = stageStarts(shapes);
        for (int i = 0; i < shapes.size(); i++) {
            long[] s = shapes.get(i);
            int stage = starts.indexOf(i);
            if (stage < 0 && s[0] != s[2]) {
                throw new NotRecognized(w.prefix() + "features." + (i + 1) + " changes channels " + s[0] + " -> " + s[2]
                        + " inside a stage of torchvision's setting");
            }
            int stride = stage >= 0 ? STAGE_STRIDES[stage] : 1;
            blocks.add(new MobileNetV2Architecture.Block(i + 1, s[3] == 1, s[1], s[2], stride,
                    stride == 1 && s[0] == s[2]));
        }
        String lastConv = "features." + last + ".";
        long lastChannels = w.take(lastConv + "0.weight", -1, channels, 1, 1)[0];
        w.takeBatchNorm(lastConv + "1", lastChannels);
        if (!w.has("classifier.1.weight")) {
            throw new NotRecognized("missing " + w.prefix() + "classifier.1.weight");
        }
        long classes = w.takeLinear("classifier.1", lastChannels)[0];
        w.requireAllUsed();
        boolean standard = stemShape[1] == 3 && stem == 32 && lastChannels == 1280
                && blocks.stream().map(MobileNetV2Architecture.Block::outChannels).toList().equals(STANDARD_OUTPUTS)
                && standardExpansion(shapes);
        return new MobileNetV2Architecture(w.prefix(), w.floatType(), stemShape[1], stem, List.copyOf(blocks), last,
                lastChannels, classes, standard);
    }

    /**
     * The block positions (0-based) where the seven stages start: torchvision's block counts
     * 1, 2, 3, 4, 3, 3, 1 when there are 17 blocks (so any width works, even one where two stages
     * share a channel count), otherwise wherever the channel count changes.
     */
    private static List<Integer> stageStarts(List<long[]> shapes) {
        if (shapes.size() == 17) {
            return STANDARD_STAGE_STARTS;
        }
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            if (i == 0 || shapes.get(i)[0] != shapes.get(i)[2]) {
                starts.add(i);
            }
        }
        if (starts.size() != STAGE_STRIDES.length) {
            throw new NotRecognized("the " + shapes.size() + " inverted residual blocks form " + starts.size()
                    + " stages (by channel changes), expected torchvision's 7");
        }
        return starts;
    }

    private static boolean standardExpansion(List<long[]> shapes) {
        for (int i = 0; i < shapes.size(); i++) {
            long[] s = shapes.get(i);
            long expected = i == 0 ? s[0] : s[0] * 6;
            if (s[1] != expected || (i == 0) != (s[3] == 0)) {
                return false;
            }
        }
        return true;
    }

    /** Checks one block's keys; returns {in, hidden, out, 1 if it has an expansion conv else 0}. */
    private static long[] invertedResidual(WeightTable w, String p, long in) {
        if (w.has(p + "3.weight")) {
            long hidden = w.take(p + "0.0.weight", -1, in, 1, 1)[0];
            w.takeBatchNorm(p + "0.1", hidden);
            w.take(p + "1.0.weight", hidden, 1, 3, 3);
            w.takeBatchNorm(p + "1.1", hidden);
            long out = w.take(p + "2.weight", -1, hidden, 1, 1)[0];
            w.takeBatchNorm(p + "3", out);
            return new long[] {in, hidden, out, 1};
        }
        w.take(p + "0.0.weight", in, 1, 3, 3);
        w.takeBatchNorm(p + "0.1", in);
        long out = w.take(p + "1.weight", -1, in, 1, 1)[0];
        w.takeBatchNorm(p + "2", out);
        return new long[] {in, in, out, 0};
    }
}
