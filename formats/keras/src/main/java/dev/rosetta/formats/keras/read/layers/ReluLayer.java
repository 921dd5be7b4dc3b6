package dev.rosetta.formats.keras.read.layers;

import dev.rosetta.formats.keras.read.Attrs;
import dev.rosetta.formats.keras.read.LayerConfig;
import dev.rosetta.formats.keras.read.LayerContext;
import dev.rosetta.formats.keras.read.LayerMapping;
import dev.rosetta.ir.Value;
import java.util.List;

/**
 * {@code ReLU} with {@code max_value}, {@code negative_slope} and {@code threshold}, following
 * {@code keras.backend.relu}: {@code Relu}; {@code Clip(0, max)}; {@code LeakyRelu} when only a
 * slope is set; in general {@code ThresholdedRelu(threshold)} (x where {@code x > threshold}, else
 * 0), clipped to {@code max_value}, minus {@code slope * Relu(threshold - x)}.
 */
public final class ReluLayer implements LayerMapping {
    @Override
    public List<Value> build(LayerContext ctx) {
        LayerConfig cfg = ctx.config();
        Value x = ctx.input();
        Double max = cfg.optNum("max_value");
        double slope = cfg.num("negative_slope", 0);
        double threshold = cfg.num("threshold", 0);
        if (slope != 0 && max == null && threshold == 0) {
            return List.of(ctx.unary("LeakyRelu", x, Attrs.of().f("alpha", slope).build()));
        }
        Value y;
        if (threshold != 0) {
            y = ctx.unary("ThresholdedRelu", x, Attrs.of().f("alpha", threshold).build());
            if (max != null) {
                y = ctx.unary("Clip", y, Attrs.of().f("min", 0).f("max", max).build());
            }
        } else if (max != null) {
            y = ctx.unary("Clip", x, Attrs.of().f("min", 0).f("max", max).build());
        } else {
            y = ctx.unary("Relu", x, null);
        }
        if (slope != 0) {
            Value shifted = threshold != 0
                    ? ctx.emit("Sub", List.of(ctx.scalar("threshold", threshold), x), null, x.shape(), x.layout())
                    : ctx.unary("Neg", x, null);
            Value negative = ctx.unary("Relu", shifted, null);
            Value scaled = ctx.emit("Mul", List.of(negative, ctx.scalar("negative_slope", slope)), null, x.shape(), x.layout());
            y = ctx.emit("Sub", List.of(y, scaled), null, x.shape(), x.layout());
        }
        return List.of(y);
    }
}
