package dev.rosetta.formats.pytorch.arch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * torchvision's VGG and VGG-BN ({@code torchvision.models.vgg.VGG}): vgg11/13/16/19 with or
 * without batch norm, any number of classes and hidden sizes, and custom configurations.
 *
 * <p>Keys: {@code features.<i>} holds the 3x3 convs (with bias) and, in the BN variants, the
 * BatchNorm2d right after each conv; ReLU and MaxPool have no weights, so where the 2x2 pools sit
 * is read from the gaps in the indices (a conv's successor sits right after its ReLU, or further
 * by one index per pool in between). The last conv is followed by a pool, as in every
 * torchvision configuration. {@code classifier.0}, {@code .3} and {@code .6} are the Linear
 * layers; {@code classifier.0} takes the 7x7 map of {@code AdaptiveAvgPool2d((7, 7))}.
 */
final class VggFamily implements Family {
    static final String NAME = "vgg";

    /** torchvision's configurations, with -1 for a max pool ("M"). */
    private static final Map<String, List<Long>> CONFIGS = Map.of(
            "vgg11", List.of(64L, -1L, 128L, -1L, 256L, 256L, -1L, 512L, 512L, -1L, 512L, 512L, -1L),
            "vgg13", List.of(64L, 64L, -1L, 128L, 128L, -1L, 256L, 256L, -1L, 512L, 512L, -1L, 512L, 512L, -1L),
            "vgg16", List.of(64L, 64L, -1L, 128L, 128L, -1L, 256L, 256L, 256L, -1L, 512L, 512L, 512L, -1L,
                    512L, 512L, 512L, -1L),
            "vgg19", List.of(64L, 64L, -1L, 128L, 128L, -1L, 256L, 256L, 256L, 256L, -1L, 512L, 512L, 512L, 512L,
                    -1L, 512L, 512L, 512L, 512L, -1L));

    /** How many weightless entries may separate two convs (each is a max pool). */
    private static final int MAX_POOLS_IN_A_ROW = 8;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Architecture recognize(WeightTable w) {
        if (!w.has("features.0.weight") || !w.has("classifier.0.weight")) {
            throw new NotRecognized("no features.0.weight and classifier.0.weight");
        }
        boolean bn = w.has("features.1.running_mean");
        long inChannels = w.shape("features.0.weight", 4)[1];
        List<VggArchitecture.Layer> layers = new ArrayList<>();
        List<Long> config = new ArrayList<>();
        long channels = inChannels;
        int i = 0;
        while (true) {
            long out = w.take("features." + i + ".weight", -1, channels, 3, 3)[0];
            w.take("features." + i + ".bias", out);
            if (bn) {
                w.takeBatchNorm("features." + (i + 1), out);
            }
            int relu = bn ? i + 2 : i + 1;
            layers.add(VggArchitecture.Layer.conv(i, bn ? i + 1 : -1, relu));
            config.add(out);
            channels = out;
            int next = relu + 1;
            while (!w.has("features." + next + ".weight") && next - relu <= MAX_POOLS_IN_A_ROW
                    && hasLaterConv(w, next)) {
                layers.add(VggArchitecture.Layer.pool(next));
                config.add(-1L);
                next++;
            }
            if (w.has("features." + next + ".weight")) {
                i = next;
            } else {
                layers.add(VggArchitecture.Layer.pool(next));
                config.add(-1L);
                break;
            }
        }
        long[] fc1 = w.takeLinear("classifier.0", channels * 49);
        long[] fc2 = w.takeLinear("classifier.3", fc1[0]);
        long classes = w.takeLinear("classifier.6", fc2[0])[0];
        w.requireAllUsed();
        String name = null;
        if (inChannels == 3 && fc1[0] == 4096 && fc2[0] == 4096) {
            for (Map.Entry<String, List<Long>> e : CONFIGS.entrySet()) {
                if (e.getValue().equals(config)) {
                    name = e.getKey() + (bn ? "_bn" : "");
                }
            }
        }
        return new VggArchitecture(w.prefix(), w.floatType(), inChannels, List.copyOf(layers), List.copyOf(config), bn,
                fc1[0], fc2[0], classes, name);
    }

    private static boolean hasLaterConv(WeightTable w, int from) {
        for (int k = from; k <= from + MAX_POOLS_IN_A_ROW; k++) {
            if (w.has("features." + k + ".weight")) {
                return true;
            }
        }
        return false;
    }
}
