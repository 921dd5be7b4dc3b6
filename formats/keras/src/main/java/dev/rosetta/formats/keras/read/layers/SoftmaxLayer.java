package dev.rosetta.formats.keras.read.layers;

import dev.rosetta.formats.keras.read.Attrs;
import dev.rosetta.formats.keras.read.LayerConfig;
import dev.rosetta.formats.keras.read.LayerContext;
import dev.rosetta.formats.keras.read.LayerMapping;
import dev.rosetta.ir.Value;
import java.util.List;

/** {@code Softmax}: ONNX {@code Softmax} (opset 13 semantics) over {@code axis} (default -1). */
public final class SoftmaxLayer implements LayerMapping {
    @Override
    public List<String> unsupported(LayerConfig cfg) {
        var axis = cfg.json().get("axis");
        if (axis != null && axis.isArray() && axis.size() != 1) {
            return List.of("softmax over several axes " + axis + " is not supported");
        }
        return List.of();
    }

    @Override
    public List<Value> build(LayerContext ctx) {
        long axis = ctx.config().integer("axis", -1);
        return List.of(ctx.unary("Softmax", ctx.input(), Attrs.of().i("axis", axis).build()));
    }
}
