package dev.rosetta.layout.naming;

import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.ir.Layout;
import java.util.Map;
import java.util.Optional;

/**
 * Keras weight names ({@code <layer>/<weight>[:0]}) to PyTorch state-dict names
 * ({@code <layer>.<parameter>}): {@code kernel}, {@code depthwise_kernel}, {@code gamma} and
 * {@code alpha} become {@code weight}; {@code bias} and {@code beta} become {@code bias};
 * {@code moving_mean}/{@code moving_variance} become {@code running_mean}/{@code running_var}.
 *
 * <p>When the Keras layers are named after PyTorch module paths (as Rosetta's Keras writer names
 * them for a torchvision model), this gives back the original state-dict keys. Names without a
 * {@code /} are kept. The reverse needs the graph (PyTorch's {@code weight} is a Keras
 * {@code kernel} or {@code gamma} depending on the layer), so it is not offered: Rosetta's Keras
 * writer names weights from the operators instead.
 */
public final class KerasLayerNames implements NameScheme {
    /** The one instance. */
    public static final KerasLayerNames TO_TORCH = new KerasLayerNames();

    private static final Map<String, String> PARAMETERS = Map.of(
            "kernel", "weight",
            "depthwise_kernel", "weight",
            "gamma", "weight",
            "alpha", "weight",
            "bias", "bias",
            "beta", "bias",
            "moving_mean", "running_mean",
            "moving_variance", "running_var");

    private KerasLayerNames() {
    }

    @Override
    public String name() {
        return "keras-layers->torch-modules";
    }

    @Override
    public Optional<Target> map(String sourceName) {
        String n = sourceName.endsWith(":0") ? sourceName.substring(0, sourceName.length() - 2) : sourceName;
        int slash = n.lastIndexOf('/');
        if (slash <= 0) {
            return Optional.of(new Target(sourceName, Layout.UNKNOWN));
        }
        String parameter = PARAMETERS.get(n.substring(slash + 1));
        if (parameter == null) {
            return Optional.of(new Target(sourceName, Layout.UNKNOWN));
        }
        // Keras nests weights as <layer>/<layer>/<weight> in some files: keep the innermost layer name.
        String layer = n.substring(0, slash);
        int inner = layer.lastIndexOf('/');
        if (inner >= 0) {
            layer = layer.substring(inner + 1);
        }
        return Optional.of(new Target(layer + "." + parameter, Layout.UNKNOWN));
    }

    @Override
    public NameScheme reverse() {
        throw new UnsupportedFeatureException("PyTorch names cannot be mapped to Keras names without the graph: "
                + "a PyTorch 'weight' is a Keras 'kernel' or 'gamma' depending on the layer");
    }
}
