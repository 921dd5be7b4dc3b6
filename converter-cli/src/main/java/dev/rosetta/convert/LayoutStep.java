package dev.rosetta.convert;

import dev.rosetta.error.UsageException;
import dev.rosetta.formats.ChannelOrder;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import dev.rosetta.layout.Direction;
import dev.rosetta.layout.IoLayout;
import dev.rosetta.layout.LayoutConversion;
import dev.rosetta.layout.naming.KerasLayerNames;
import dev.rosetta.layout.naming.NameMap;
import dev.rosetta.layout.naming.NameScheme;
import dev.rosetta.layout.naming.ResNetNames;
import dev.rosetta.layout.rules.OpKinds;
import java.util.List;
import java.util.Locale;

/**
 * The converter's layout stage: rewrites a graph into the channel order of the target format
 * (PyTorch/ONNX channels-first, Keras/TensorFlow channels-last) and renames its weights into the
 * target's naming scheme when asked.
 *
 * <p>Write options read here: {@code io-layout} ({@code keep|nchw|nhwc}, default keep),
 * {@code naming} ({@code keras-applications}: torchvision ResNet names to keras.applications';
 * {@code torchvision}: the reverse; {@code torch-modules}: Keras {@code layer/kernel} names to
 * PyTorch {@code layer.weight} names, the default when a Keras model is written as a state dict).
 */
final class LayoutStep {
    /**
     * What the stage did: log lines for {@code --explain}, the name map for {@code --name-map}, and
     * warnings the converter always shows.
     */
    record Outcome(List<String> explain, NameMap nameMap, List<String> warnings) {
        Outcome {
            explain = List.copyOf(explain);
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * Shown when torchvision ResNet weights get keras.applications names: the names and shapes
     * match, the networks do not.
     */
    static final String KERAS_APPLICATIONS_WARNING = "warning: keras.applications ResNet is ResNet v1 (stride 2 on "
            + "the first 1x1 convolution of a downsampling block, BatchNormalization epsilon 1.001e-5, convolutions "
            + "with biases) while torchvision's is v1.5 (stride 2 on the 3x3 convolution, epsilon 1e-5, no conv "
            + "biases; zero biases are written): ResNet50/101/152(weights=None).load_weights(file) accepts these "
            + "weights but cannot reproduce the PyTorch outputs; the model written here keeps the torchvision "
            + "computation";

    /** Shown when keras.applications ResNet weights get torchvision names. */
    static final String TORCHVISION_WARNING = "warning: keras.applications ResNet is ResNet v1 (stride 2 on the "
            + "first 1x1 convolution of a downsampling block, BatchNormalization epsilon 1.001e-5, convolutions with "
            + "biases) while torchvision's is v1.5 (stride 2 on the 3x3 convolution): torchvision's resnet accepts "
            + "these names but cannot reproduce the Keras outputs (and its convolutions have no biases)";

    private LayoutStep() {
    }

    /** The channel order the graph's spatial operators use now; ANY when it has none. */
    static ChannelOrder currentOrder(Graph graph) {
        for (Node n : graph.nodes()) {
            if (OpKinds.isSpatial(n.opType())) {
                return Direction.isChannelsFirstAttribute(n.attrString("layout", null))
                        ? ChannelOrder.FIRST : ChannelOrder.LAST;
            }
        }
        return ChannelOrder.ANY;
    }

    /**
     * True when spatial operators run in both channel orders (a Keras model whose layers mix
     * {@code data_format}s): the target's conversion then has work whatever the first one says.
     */
    static boolean mixesChannelOrders(Graph graph) {
        boolean first = false;
        boolean last = false;
        for (Node n : graph.nodes()) {
            if (OpKinds.isSpatial(n.opType())) {
                if (Direction.isChannelsFirstAttribute(n.attrString("layout", null))) {
                    first = true;
                } else {
                    last = true;
                }
            }
        }
        return first && last;
    }

    static Outcome apply(Graph graph, ChannelOrder target, FormatOptions options) {
        IoLayout io = IoLayout.parse(options.get("io-layout", "keep"));
        NameScheme scheme = scheme(options.get("naming", null));
        ChannelOrder have = currentOrder(graph);
        boolean convert = target != ChannelOrder.ANY && (mixesChannelOrders(graph) || have != target
                && (have != ChannelOrder.ANY || target == ChannelOrder.LAST));
        if (!convert && scheme == null) {
            // The layout stays; only a convolution weight held in the other convention is re-laid.
            LayoutConversion.Result r = LayoutConversion.conformConvolutionWeights(graph);
            return new Outcome(r.explain(), r.nameMap(), List.of());
        }
        LayoutConversion conversion = target == ChannelOrder.LAST || (!convert && have == ChannelOrder.LAST)
                ? LayoutConversion.toChannelsLast(io) : LayoutConversion.toChannelsFirst(io);
        if (scheme != null) {
            conversion = conversion.withNameScheme(scheme);
        }
        LayoutConversion.Result r = conversion.run(graph);
        List<String> explain = new java.util.ArrayList<>(r.explain());
        if (scheme == KerasLayerNames.TO_TORCH) {
            explain.addAll(addBatchNormCounters(graph));
        }
        return new Outcome(explain, r.nameMap(), warnings(scheme, graph));
    }

    /** The ResNet v1/v1.5 warning when the keras.applications scheme renamed any of the graph's weights. */
    private static List<String> warnings(NameScheme scheme, Graph graph) {
        if (scheme != ResNetNames.TORCHVISION_TO_KERAS && scheme != ResNetNames.KERAS_TO_TORCHVISION) {
            return List.of();
        }
        NameScheme back = scheme.reverse();
        boolean renamed = graph.initializers().stream().anyMatch(v -> back.map(v.name()).isPresent());
        if (!renamed) {
            return List.of();
        }
        return List.of(scheme == ResNetNames.TORCHVISION_TO_KERAS ? KERAS_APPLICATIONS_WARNING : TORCHVISION_WARNING);
    }

    /**
     * PyTorch's BatchNorm keeps a {@code num_batches_tracked} counter that Keras has no place for;
     * a state dict without it fails {@code load_state_dict(strict=True)}. Adds a zero counter
     * beside every batch norm whose scale is named {@code <module>.weight}. It does not affect
     * inference.
     */
    private static List<String> addBatchNormCounters(Graph graph) {
        List<String> log = new java.util.ArrayList<>();
        for (Node n : graph.nodes()) {
            Value scale = n.opType().equals("BatchNormalization") ? n.input(1) : null;
            if (scale == null || !scale.name().endsWith(".weight")) {
                continue;
            }
            String counter = scale.name().substring(0, scale.name().length() - ".weight".length()) + ".num_batches_tracked";
            if (graph.initializer(counter) == null) {
                graph.addInitializer(Value.constant(counter, Tensor.ofLongs(new long[0], 0L), Layout.NONE));
                log.add("torch-names: added '" + counter + "' = 0 (Keras keeps no batch counter)");
            }
        }
        return log;
    }

    private static NameScheme scheme(String naming) {
        if (naming == null) {
            return null;
        }
        return switch (naming.toLowerCase(Locale.ROOT)) {
            case "keras-applications", "keras" -> ResNetNames.TORCHVISION_TO_KERAS;
            case "torchvision" -> ResNetNames.KERAS_TO_TORCHVISION;
            case "torch-modules" -> KerasLayerNames.TO_TORCH;
            default -> throw new UsageException("--naming " + naming
                    + ": expected keras-applications, torchvision or torch-modules");
        };
    }
}
