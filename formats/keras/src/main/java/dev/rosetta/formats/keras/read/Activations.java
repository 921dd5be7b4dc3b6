package dev.rosetta.formats.keras.read;

import dev.rosetta.ir.Value;
import java.util.List;
import java.util.Set;

/**
 * Keras activation functions as IR nodes, shared by the {@code Activation} layer and the
 * {@code activation} argument of Dense and convolution layers.
 *
 * <p>{@code hard_sigmoid} differs between versions: Keras 2 clips {@code 0.2 x + 0.5}, Keras 3
 * clips {@code x / 6 + 0.5}; the reader picks by the file's Keras version. {@code swish} (and its
 * Keras 3 name {@code silu}) is {@code x * sigmoid(x)}.
 */
public final class Activations {
    /** Every activation name {@link #apply} understands. */
    public static final Set<String> NAMES = Set.of("linear", "relu", "relu6", "sigmoid", "tanh", "softmax",
            "log_softmax", "elu", "selu", "swish", "silu", "hard_sigmoid", "hard_swish", "hard_silu", "softplus",
            "softsign", "exponential", "leaky_relu");

    private Activations() {
    }

    /** A problem line when {@code name} is not supported, else an empty list. */
    public static List<String> check(String name) {
        return NAMES.contains(name) ? List.of() : List.of("activation '" + name + "' is not supported (supported: "
                + String.join(", ", new java.util.TreeSet<>(NAMES)) + ")");
    }

    /** Adds the nodes of activation {@code name} applied to {@code x}; {@code linear} returns x. */
    public static Value apply(LayerContext ctx, Value x, String name) {
        return switch (name) {
            case "linear" -> x;
            case "relu" -> ctx.unary("Relu", x, null);
            case "relu6" -> ctx.unary("Clip", x, Attrs.of().f("min", 0).f("max", 6).build());
            case "sigmoid" -> ctx.unary("Sigmoid", x, null);
            case "tanh" -> ctx.unary("Tanh", x, null);
            case "softmax" -> ctx.unary("Softmax", x, Attrs.of().i("axis", -1).build());
            case "log_softmax" -> ctx.unary("LogSoftmax", x, Attrs.of().i("axis", -1).build());
            case "elu" -> ctx.unary("Elu", x, Attrs.of().f("alpha", 1.0).build());
            case "selu" -> ctx.unary("Selu", x, Attrs.of().f("alpha", 1.6732632423543772)
                    .f("gamma", 1.0507009873554805).build());
            case "swish", "silu" -> {
                Value s = ctx.unary("Sigmoid", x, null);
                yield ctx.emit("Mul", List.of(x, s), null, x.shape(), x.layout());
            }
            case "hard_sigmoid" -> ctx.config().kerasMajor() >= 3
                    ? ctx.unary("HardSigmoid", x, Attrs.of().f("alpha", 1.0 / 6).f("beta", 0.5).build())
                    : ctx.unary("HardSigmoid", x, Attrs.of().f("alpha", 0.2).f("beta", 0.5).build());
            case "hard_swish", "hard_silu" -> ctx.unary("HardSwish", x, null);
            case "softplus" -> ctx.unary("Softplus", x, null);
            case "softsign" -> ctx.unary("Softsign", x, null);
            case "exponential" -> ctx.unary("Exp", x, null);
            case "leaky_relu" -> ctx.unary("LeakyRelu", x, Attrs.of().f("alpha", 0.2).build());
            default -> throw ctx.bad(check(name).get(0));
        };
    }
}
