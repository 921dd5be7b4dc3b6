package dev.rosetta.formats.keras.read.layers;

import dev.rosetta.formats.keras.read.LayerContext;
import dev.rosetta.formats.keras.read.LayerMapping;
import dev.rosetta.ir.Value;
import java.util.List;

/**
 * Layers that are the identity at inference ({@code Dropout}, {@code SpatialDropout1D/2D/3D},
 * {@code GaussianNoise}, {@code GaussianDropout}, {@code AlphaDropout},
 * {@code ActivityRegularization}): no node; the layer's output is its input.
 */
public final class IdentityLayer implements LayerMapping {
    @Override
    public List<Value> build(LayerContext ctx) {
        return List.of(ctx.input());
    }
}
