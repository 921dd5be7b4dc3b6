package dev.rosetta.formats.pytorch.arch;

import dev.rosetta.ir.Graph;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Recognizes a known architecture in a state dict: a {@link Graph} whose initializers are the
 * named tensors (what the PyTorch and safetensors readers produce).
 *
 * <p>Families are tried in order (ResNet, MobileNetV2, VGG), each first on the keys as they are,
 * then with a prefix every key shares stripped ({@code "module."}, ...). A family matches only
 * when every shape it relies on checks out and every key is used, so no weight is silently
 * ignored. Recognition reads names and shapes only, never tensor data: it costs microseconds
 * per key. Stateless and thread-safe.
 */
public final class ArchitectureRecognizer {
    private static final List<Family> FAMILIES = List.of(new ResNetFamily(), new MobileNetV2Family(), new VggFamily());

    private ArchitectureRecognizer() {
    }

    /**
     * The outcome of recognition: the architecture when one matched, and for each family that did
     * not, why ({@code "vgg: no features.0.weight and classifier.0.weight"}), for messages that
     * say why no graph exists.
     */
    public record Recognition(Optional<Architecture> architecture, List<String> rejections) {
        public Recognition {
            rejections = List.copyOf(rejections);
        }
    }

    /** The architecture of {@code weights}, or empty when no known family matches. */
    public static Optional<Architecture> recognize(Graph weights) {
        return examine(weights).architecture();
    }

    /** Recognizes like {@link #recognize} and also reports why each family did not match. */
    public static Recognition examine(Graph weights) {
        List<String> rejections = new ArrayList<>();
        for (Family f : FAMILIES) {
            List<String> reasons = new ArrayList<>();
            for (WeightTable view : WeightTable.views(weights)) {
                try {
                    return new Recognition(Optional.of(f.recognize(view)), rejections);
                } catch (NotRecognized e) {
                    reasons.add(view.prefix().isEmpty() ? e.getMessage()
                            : "(keys under '" + view.prefix() + "') " + e.getMessage());
                }
            }
            rejections.add(f.name() + ": " + String.join("; ", reasons));
        }
        return new Recognition(Optional.empty(), rejections);
    }
}
