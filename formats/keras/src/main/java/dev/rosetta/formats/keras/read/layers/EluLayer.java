package dev.rosetta.formats.keras.read.layers;

import dev.rosetta.formats.keras.read.Attrs;
import dev.rosetta.formats.keras.read.LayerContext;
import dev.rosetta.formats.keras.read.LayerMapping;
import dev.rosetta.ir.Value;
import java.util.List;

/** {@code ELU}: {@code Elu} with {@code alpha} (default 1.0). */
public final class EluLayer implements LayerMapping {
    @Override
    public List<Value> build(LayerContext ctx) {
        double alpha = ctx.config().num("alpha", 1.0);
        return List.of(ctx.unary("Elu", ctx.input(), Attrs.of().f("alpha", alpha).build()));
    }
}
