package dev.rosetta.formats.keras.read.layers;

import dev.rosetta.formats.keras.read.Attrs;
import dev.rosetta.formats.keras.read.LayerConfig;
import dev.rosetta.formats.keras.read.LayerContext;
import dev.rosetta.formats.keras.read.LayerMapping;
import dev.rosetta.ir.Value;
import java.util.List;

/** {@code LeakyReLU}: {@code LeakyRelu} with {@code alpha} (Keras 2) or {@code negative_slope} (Keras 3), default 0.3. */
public final class LeakyReluLayer implements LayerMapping {
    @Override
    public List<Value> build(LayerContext ctx) {
        LayerConfig cfg = ctx.config();
        double alpha = cfg.has("negative_slope") ? cfg.num("negative_slope", 0.3) : cfg.num("alpha", 0.3);
        return List.of(ctx.unary("LeakyRelu", ctx.input(), Attrs.of().f("alpha", alpha).build()));
    }
}
