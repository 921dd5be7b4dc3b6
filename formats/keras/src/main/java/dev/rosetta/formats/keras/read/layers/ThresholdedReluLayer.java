package dev.rosetta.formats.keras.read.layers;

import dev.rosetta.formats.keras.read.Attrs;
import dev.rosetta.formats.keras.read.LayerContext;
import dev.rosetta.formats.keras.read.LayerMapping;
import dev.rosetta.ir.Value;
import java.util.List;

/** {@code ThresholdedReLU}: {@code ThresholdedRelu} with {@code alpha = theta} (default 1.0). */
public final class ThresholdedReluLayer implements LayerMapping {
    @Override
    public List<Value> build(LayerContext ctx) {
        double theta = ctx.config().num("theta", 1.0);
        return List.of(ctx.unary("ThresholdedRelu", ctx.input(), Attrs.of().f("alpha", theta).build()));
    }
}
