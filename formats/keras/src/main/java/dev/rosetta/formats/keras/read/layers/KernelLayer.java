package dev.rosetta.formats.keras.read.layers;

import dev.rosetta.formats.keras.read.Activations;
import dev.rosetta.formats.keras.read.LayerConfig;
import dev.rosetta.formats.keras.read.LayerContext;
import dev.rosetta.formats.keras.read.LayerMapping;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * What Dense and the convolution layers share: their variables are one or more kernels followed by
 * {@code bias} when {@code use_bias} (the default), and their {@code activation} must be one
 * {@link Activations} knows.
 */
abstract class KernelLayer implements LayerMapping {
    private final List<String> kernels;

    KernelLayer(String... kernels) {
        this.kernels = List.of(kernels);
    }

    @Override
    public final List<String> variables(LayerConfig cfg) {
        List<String> v = new ArrayList<>(kernels);
        if (cfg.bool("use_bias", true)) {
            v.add("bias");
        }
        return v;
    }

    /**
     * The positive integer {@code key} ({@code filters}, {@code units}) of the layer's config.
     *
     * @throws dev.rosetta.error.MalformedInputException when absent or not positive
     */
    static long positive(LayerContext ctx, String key) {
        long v = ctx.config().integer(key, -1);
        if (v <= 0) {
            throw ctx.bad("expected a positive '" + key + "', found " + (v == -1 ? "none" : v));
        }
        return v;
    }

    /** The {@code bias} weight of {@code size} elements, appended to {@code inputs} when {@code use_bias}. */
    static void bias(LayerContext ctx, List<Value> inputs, long size, String why) {
        if (ctx.config().bool("use_bias", true)) {
            inputs.add(ctx.weight("bias", new long[] {size}, Layout.NONE, why));
        }
    }

    @Override
    public final List<String> unsupported(LayerConfig cfg) {
        return Activations.check(cfg.activation("activation"));
    }
}
