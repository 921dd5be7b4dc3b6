package dev.rosetta.formats.keras.write;

import dev.rosetta.ir.DType;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives a written ResNet the layer layout of {@code keras.applications.ResNet50/101/152}
 * ({@code keras/src/applications/resnet.py}), so that {@code ResNet50(weights=None).load_weights(file)}
 * pairs every stored weight with its layer, by name or by order.
 *
 * <p>It applies to a graph whose weights were renamed into keras.applications names
 * ({@code conv1_conv/kernel}, {@code conv2_block1_1_bn/gamma}, {@code predictions/kernel}, ...: the
 * converter's {@code --naming keras-applications}). Then:
 * <ul>
 *   <li>each weight-holding layer takes the layer name of its weights;</li>
 *   <li>a convolution without bias gets a zero bias (keras.applications' ResNet convolutions are
 *       biased), which leaves the function unchanged;</li>
 *   <li>the layers without weights take the names keras.applications gives them where the
 *       structure says which they are ({@code conv1_pad}, {@code conv1_relu}, {@code pool1_pad},
 *       {@code pool1_pool}, {@code convS_blockB_K_relu}, {@code _add}, {@code _out},
 *       {@code avg_pool});</li>
 *   <li>each block's {@code Add} reads {@code [shortcut, residual]} as keras.applications' does, so
 *       that Keras orders the projection shortcut's layers before the residual's last ones
 *       ({@code _0_conv, _3_conv, _0_bn, _3_bn}) in {@code model.layers}.</li>
 * </ul>
 * The computation stays the source's (a torchvision ResNet keeps its v1.5 strides); only names,
 * zero biases and the operand order of a commutative {@code Add} change.
 */
public final class KerasApplicationsResNet {
    /** A keras.applications ResNet weight-holding layer name. */
    public static final Pattern LAYER = Pattern.compile("conv1_conv|conv1_bn|predictions|conv\\d+_block\\d+_[0-3]_(?:conv|bn)");
    private static final Pattern BLOCK_LAYER = Pattern.compile("conv(\\d{1,9})_block(\\d{1,9})_([0-3])_(conv|bn)");
    private static final List<String> IN_BLOCK = List.of("1_conv", "1_bn", "2_conv", "2_bn", "0_conv", "3_conv",
            "0_bn", "3_bn");
    private static final Pattern BN_BEFORE_RELU = Pattern.compile("(conv1|conv\\d+_block\\d+_[12])_bn");
    private static final Pattern LAST_BN = Pattern.compile("(conv\\d+_block\\d+)_3_bn");
    private static final Pattern ADD = Pattern.compile("(conv\\d+_block\\d+)_add");

    private KerasApplicationsResNet() {
    }

    /**
     * Adapts {@code g} in place when its weights carry keras.applications ResNet names.
     *
     * @return how many layers were named after their weights; 0 when the graph is not a
     *     keras.applications-named ResNet (it is then unchanged)
     */
    public static int adapt(KerasGraph g) {
        Map<KerasLayer, String> named = new HashMap<>();
        for (KerasLayer l : g.layers()) {
            weightLayerName(l).ifPresent(n -> named.put(l, n));
        }
        if (named.isEmpty()) {
            return 0;
        }
        for (Map.Entry<KerasLayer, String> e : named.entrySet()) {
            renameIfFree(g, e.getKey(), e.getValue());
        }
        for (KerasLayer l : g.layers()) {
            if (l.className().equals("Conv2D") && LAYER.matcher(l.name()).matches() && l.weights().size() == 1) {
                addZeroBias(l);
            }
        }
        nameLayersWithoutWeights(g);
        return named.size();
    }

    /**
     * Where a keras.applications ResNet layer comes in {@code model.layers} among the layers that
     * hold weights: the stem ({@code conv1_conv}, {@code conv1_bn}), then block by block
     * {@code _1_conv, _1_bn, _2_conv, _2_bn, _0_conv, _3_conv, _0_bn, _3_bn} (the projection
     * shortcut's layers share depths with the residual's last two, and come first because the
     * block's {@code Add} reads the shortcut first), then {@code predictions}; empty for other names.
     */
    public static Optional<long[]> rank(String layer) {
        switch (layer) {
            case "conv1_conv":
                return Optional.of(new long[] {0, 0, 0});
            case "conv1_bn":
                return Optional.of(new long[] {0, 0, 1});
            case "predictions":
                return Optional.of(new long[] {Long.MAX_VALUE, 0, 0});
            default:
                break;
        }
        Matcher m = BLOCK_LAYER.matcher(layer);
        if (!m.matches()) {
            return Optional.empty();
        }
        int within = IN_BLOCK.indexOf(m.group(3) + "_" + m.group(4));
        return Optional.of(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), within});
    }

    /** Orders keras.applications ResNet layer names by {@link #rank}; every name must have one. */
    public static java.util.Comparator<String> layerOrder() {
        return (a, b) -> java.util.Arrays.compare(rank(a).orElseThrow(), rank(b).orElseThrow());
    }

    /** The keras.applications layer name carried by the names of the weights {@code l} was written from. */
    private static Optional<String> weightLayerName(KerasLayer l) {
        if (l.weights().isEmpty() || l.source() == null) {
            return Optional.empty();
        }
        String found = null;
        for (Value v : l.source().inputs()) {
            if (v == null || !v.isConstant()) {
                continue;
            }
            int slash = v.name().lastIndexOf('/');
            String layer = slash > 0 ? v.name().substring(0, slash) : null;
            if (layer == null || !LAYER.matcher(layer).matches() || found != null && !found.equals(layer)) {
                return Optional.empty();
            }
            found = layer;
        }
        return Optional.ofNullable(found);
    }

    private static void addZeroBias(KerasLayer conv) {
        long filters = conv.config().path("filters").asLong(-1);
        KerasWeight kernel = conv.weights().get(0);
        if (filters <= 0 || kernel.dtype() == null || !kernel.dtype().isFloatingPoint()) {
            return;
        }
        conv.weight(KerasWeight.of("bias", zeros(kernel.dtype(), filters)));
        conv.config().put("use_bias", true);
    }

    /** A zero vector of {@code n} elements: the bias keras.applications' convolutions have and torchvision's lack. */
    public static Tensor zeros(DType dtype, long n) {
        return Tensor.of(dtype, new long[] {n}, Tensor.allocate(n * dtype.byteSize()), ByteOrder.LITTLE_ENDIAN);
    }

    private static void nameLayersWithoutWeights(KerasGraph g) {
        Map<String, List<KerasLayer>> readers = readers(g);
        for (KerasLayer l : List.copyOf(g.layers())) {
            Matcher m;
            String in = l.inbound().size() == 1 ? l.inbound().get(0) : null;
            if (isRelu(l) && in != null && (m = BN_BEFORE_RELU.matcher(in)).matches()) {
                renameIfFree(g, l, m.group(1) + "_relu");
            } else if (l.className().equals("Add") && l.inbound().size() == 2) {
                nameAdd(g, l);
            }
        }
        for (KerasLayer l : List.copyOf(g.layers())) {
            Matcher m;
            String in = l.inbound().size() == 1 ? l.inbound().get(0) : null;
            if (isRelu(l) && in != null && (m = ADD.matcher(in)).matches()) {
                renameIfFree(g, l, m.group(1) + "_out");
            }
        }
        List<KerasLayer> maxPools = ofClass(g, "MaxPooling2D");
        if (maxPools.size() == 1) {
            renameIfFree(g, maxPools.get(0), "pool1_pool");
        }
        List<KerasLayer> averages = ofClass(g, "GlobalAveragePooling2D");
        if (averages.size() == 1) {
            renameIfFree(g, averages.get(0), "avg_pool");
        }
        readers = readers(g);
        for (KerasLayer l : List.copyOf(g.layers())) {
            List<KerasLayer> r = readers.getOrDefault(l.name(), List.of());
            if (!l.className().equals("ZeroPadding2D") || r.size() != 1) {
                continue;
            }
            String reader = r.get(0).name();
            if (reader.equals("pool1_pool")) {
                renameIfFree(g, l, "pool1_pad");
            } else if (reader.endsWith("_conv") && LAYER.matcher(reader).matches()) {
                renameIfFree(g, l, reader.substring(0, reader.length() - "_conv".length()) + "_pad");
            }
        }
    }

    /** Names a block's Add {@code <block>_add} and puts the shortcut first, as keras.applications calls it. */
    private static void nameAdd(KerasGraph g, KerasLayer add) {
        List<String> in = add.inbound();
        int residual = -1;
        for (int i = 0; i < 2; i++) {
            if (LAST_BN.matcher(in.get(i)).matches()) {
                residual = residual < 0 ? i : 2;
            }
        }
        if (residual < 0 || residual > 1) {
            return;
        }
        Matcher m = LAST_BN.matcher(in.get(residual));
        m.matches();
        if (residual == 0) {
            add.setInbound(List.of(in.get(1), in.get(0)));
        }
        renameIfFree(g, add, m.group(1) + "_add");
    }

    private static boolean isRelu(KerasLayer l) {
        return switch (l.className()) {
            case "ReLU" -> (l.config().path("max_value").isNull() || l.config().path("max_value").isMissingNode())
                    && l.config().path("negative_slope").asDouble(0) == 0 && l.config().path("threshold").asDouble(0) == 0;
            case "Activation" -> l.config().path("activation").asText().equals("relu");
            default -> false;
        };
    }

    private static List<KerasLayer> ofClass(KerasGraph g, String className) {
        List<KerasLayer> out = new ArrayList<>();
        for (KerasLayer l : g.layers()) {
            if (l.className().equals(className)) {
                out.add(l);
            }
        }
        return out;
    }

    private static Map<String, List<KerasLayer>> readers(KerasGraph g) {
        Map<String, List<KerasLayer>> out = new HashMap<>();
        for (KerasLayer l : g.layers()) {
            for (String in : l.inbound()) {
                out.computeIfAbsent(in, k -> new ArrayList<>()).add(l);
            }
        }
        return out;
    }

    private static void renameIfFree(KerasGraph g, KerasLayer l, String name) {
        if (!l.name().equals(name) && g.layer(name) == null) {
            g.rename(l.name(), name);
        }
    }
}
