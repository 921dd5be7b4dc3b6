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
    /** What the stage did: log lines for {@code --explain} and the name map for {@code --name-map}. */
    record Outcome(List<String> explain, NameMap nameMap) {
    }

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

    static Outcome apply(Graph graph, ChannelOrder target, FormatOptions options) {
        IoLayout io = IoLayout.parse(options.get("io-layout", "keep"));
        NameScheme scheme = scheme(options.get("naming", null));
        ChannelOrder have = currentOrder(graph);
        boolean convert = target != ChannelOrder.ANY && have != target
                && (have != ChannelOrder.ANY || target == ChannelOrder.LAST);
        if (!convert && scheme == null) {
            return new Outcome(List.of(), NameMap.identity(graph));
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
        return new Outcome(explain, r.nameMap());
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
