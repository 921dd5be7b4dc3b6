package dev.rosetta.formats.keras.read.layers;

import dev.rosetta.formats.keras.read.Activations;
import dev.rosetta.formats.keras.read.LayerConfig;
import dev.rosetta.formats.keras.read.LayerContext;
import dev.rosetta.formats.keras.read.LayerMapping;
import dev.rosetta.ir.Value;
import java.util.List;

/** {@code Activation}: the named activation function ({@link Activations}). */
public final class ActivationLayer implements LayerMapping {
    @Override
    public List<String> unsupported(LayerConfig cfg) {
        return Activations.check(cfg.activation("activation"));
    }

    @Override
    public List<Value> build(LayerContext ctx) {
        return List.of(ctx.activation(ctx.input(), ctx.config().activation("activation")));
    }
}
