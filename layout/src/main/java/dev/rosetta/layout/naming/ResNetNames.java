package dev.rosetta.layout.naming;

import dev.rosetta.ir.Layout;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * torchvision ResNet names ⇄ keras.applications ResNet50/101/152 names, as built by
 * {@code keras/src/applications/resnet.py}: the stem is {@code conv1_conv} + {@code conv1_bn};
 * torchvision's {@code layerL} is Keras's stage {@code conv{L+1}}, block {@code B} is
 * {@code block{B+1}}, {@code convK}/{@code bnK} are {@code _{K}_conv}/{@code _{K}_bn}, the
 * shortcut {@code downsample.0}/{@code .1} is {@code _0_conv}/{@code _0_bn}; BN
 * weight/bias/running_mean/running_var are gamma/beta/moving_mean/moving_variance; {@code fc} is
 * {@code predictions}. Keras names are {@code layer/weight} (a trailing {@code :0} and leading
 * path components, as in HDF5 files, are accepted on input).
 *
 * <p>Keras's ResNet convolutions have biases where torchvision's have none: a Keras
 * {@code ..._conv/bias} maps to the torchvision-style {@code ...conv.bias}, and
 * {@code num_batches_tracked} has no Keras counterpart. Note that the two families place the
 * stride of a downsampling block differently (Keras in the first 1×1 convolution, torchvision
 * v1.5 in the 3×3), so equal names do not make equal networks; the mapping is about names.
 */
public final class ResNetNames {
    private static final Map<String, String> BN_TO_KERAS = Map.of("weight", "gamma", "bias", "beta",
            "running_mean", "moving_mean", "running_var", "moving_variance");
    private static final Map<String, String> BN_TO_TORCH = Map.of("gamma", "weight", "beta", "bias",
            "moving_mean", "running_mean", "moving_variance", "running_var");

    private static final Pattern T_STEM = Pattern.compile("(?:module\\.)?(conv1|bn1|fc)\\.(\\w+)");
    private static final Pattern T_BLOCK = Pattern.compile(
            "(?:module\\.)?layer(\\d+)\\.(\\d+)\\.(?:(conv|bn)(\\d+)|downsample\\.([01]))\\.(\\w+)");
    private static final Pattern K_STEM = Pattern.compile("(conv1_conv|conv1_bn|predictions)/(\\w+)");
    private static final Pattern K_BLOCK = Pattern.compile("conv(\\d+)_block(\\d+)_(\\d+)_(conv|bn)/(\\w+)");

    /** torchvision → keras.applications. */
    public static final NameScheme TORCHVISION_TO_KERAS = new Scheme(true);
    /** keras.applications → torchvision. */
    public static final NameScheme KERAS_TO_TORCHVISION = new Scheme(false);

    private ResNetNames() {
    }

    /** The Keras name of a torchvision ResNet tensor, if it has one. */
    public static Optional<String> toKeras(String torchName) {
        return TORCHVISION_TO_KERAS.map(torchName).map(NameScheme.Target::name);
    }

    /** The torchvision name of a Keras ResNet tensor, if it has one. */
    public static Optional<String> toTorchvision(String kerasName) {
        return KERAS_TO_TORCHVISION.map(kerasName).map(NameScheme.Target::name);
    }

    private record Scheme(boolean toKeras) implements NameScheme {
        @Override
        public String name() {
            return toKeras ? "torchvision-resnet->keras-resnet" : "keras-resnet->torchvision-resnet";
        }

        @Override
        public NameScheme reverse() {
            return toKeras ? KERAS_TO_TORCHVISION : TORCHVISION_TO_KERAS;
        }

        @Override
        public Optional<Target> map(String name) {
            return toKeras ? fromTorch(name) : fromKeras(name);
        }
    }

    private static Optional<NameScheme.Target> fromTorch(String name) {
        Matcher m = T_STEM.matcher(name);
        if (m.matches()) {
            String module = m.group(1);
            String w = m.group(2);
            return switch (module) {
                case "conv1" -> conv("conv1_conv", w);
                case "bn1" -> bn("conv1_bn", w);
                default -> dense(w);
            };
        }
        m = T_BLOCK.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        String prefix = "conv" + (Long.parseLong(m.group(1)) + 1) + "_block" + (Long.parseLong(m.group(2)) + 1) + "_";
        String w = m.group(6);
        if (m.group(5) != null) {
            return m.group(5).equals("0") ? conv(prefix + "0_conv", w) : bn(prefix + "0_bn", w);
        }
        String k = m.group(4);
        return m.group(3).equals("conv") ? conv(prefix + k + "_conv", w) : bn(prefix + k + "_bn", w);
    }

    private static Optional<NameScheme.Target> conv(String layer, String w) {
        return switch (w) {
            case "weight" -> Optional.of(new NameScheme.Target(layer + "/kernel", Layout.OIHW));
            case "bias" -> Optional.of(new NameScheme.Target(layer + "/bias", Layout.NONE));
            default -> Optional.empty();
        };
    }

    private static Optional<NameScheme.Target> bn(String layer, String w) {
        String k = BN_TO_KERAS.get(w);
        return k == null ? Optional.empty() : Optional.of(new NameScheme.Target(layer + "/" + k, Layout.NONE));
    }

    private static Optional<NameScheme.Target> dense(String w) {
        return switch (w) {
            case "weight" -> Optional.of(new NameScheme.Target("predictions/kernel", Layout.OI));
            case "bias" -> Optional.of(new NameScheme.Target("predictions/bias", Layout.NONE));
            default -> Optional.empty();
        };
    }

    /** Strips a trailing {@code :0} and keeps the last two path components ({@code layer/weight}). */
    static String kerasKey(String name) {
        String n = name.endsWith(":0") ? name.substring(0, name.length() - 2) : name;
        int last = n.lastIndexOf('/');
        if (last < 0) {
            return n;
        }
        int prev = n.lastIndexOf('/', last - 1);
        return n.substring(prev + 1);
    }

    private static Optional<NameScheme.Target> fromKeras(String name) {
        String key = kerasKey(name);
        Matcher m = K_STEM.matcher(key);
        if (m.matches()) {
            String w = m.group(2);
            return switch (m.group(1)) {
                case "conv1_conv" -> torchConv("conv1", w);
                case "conv1_bn" -> torchBn("bn1", w);
                default -> switch (w) {
                    case "kernel" -> Optional.of(new NameScheme.Target("fc.weight", Layout.IO));
                    case "bias" -> Optional.of(new NameScheme.Target("fc.bias", Layout.NONE));
                    default -> Optional.empty();
                };
            };
        }
        m = K_BLOCK.matcher(key);
        if (!m.matches()) {
            return Optional.empty();
        }
        long stage = Long.parseLong(m.group(1));
        long block = Long.parseLong(m.group(2));
        if (stage < 2 || block < 1) {
            return Optional.empty();
        }
        String prefix = "layer" + (stage - 1) + "." + (block - 1) + ".";
        String k = m.group(3);
        String w = m.group(5);
        boolean isConv = m.group(4).equals("conv");
        if (k.equals("0")) {
            return isConv ? torchConv(prefix + "downsample.0", w) : torchBn(prefix + "downsample.1", w);
        }
        return isConv ? torchConv(prefix + "conv" + k, w) : torchBn(prefix + "bn" + k, w);
    }

    private static Optional<NameScheme.Target> torchConv(String module, String w) {
        return switch (w) {
            case "kernel" -> Optional.of(new NameScheme.Target(module + ".weight", Layout.HWIO));
            case "bias" -> Optional.of(new NameScheme.Target(module + ".bias", Layout.NONE));
            default -> Optional.empty();
        };
    }

    private static Optional<NameScheme.Target> torchBn(String module, String w) {
        String t = BN_TO_TORCH.get(w);
        return t == null ? Optional.empty() : Optional.of(new NameScheme.Target(module + "." + t, Layout.NONE));
    }
}
