package dev.rosetta.formats.keras.read.layers;

import dev.rosetta.formats.keras.read.Attrs;
import dev.rosetta.formats.keras.read.LayerContext;
import dev.rosetta.formats.keras.read.LayerMapping;
import dev.rosetta.formats.keras.read.Shapes;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Value;
import java.util.Arrays;
import java.util.List;

/**
 * {@code GlobalAveragePooling1D/2D} and {@code GlobalMaxPooling1D/2D}: ONNX
 * {@code GlobalAveragePool} / {@code GlobalMaxPool} (which keep size-1 spatial axes) followed, unless
 * {@code keepdims} is set, by {@code Flatten(axis=1)} to Keras's {@code (batch, channels)}.
 */
public final class GlobalPoolLayer implements LayerMapping {
    private final String op;

    public GlobalPoolLayer(String op) {
        this.op = op;
    }

    @Override
    public List<Value> build(LayerContext ctx) {
        int n = SpatialInput.dims(ctx.config().className());
        boolean cf = ctx.config().channelsFirst();
        Value x = SpatialInput.of(ctx, n);
        long[] ones = new long[n];
        Arrays.fill(ones, 1);
        Value pooled = ctx.emit(op, List.of(x), Attrs.of().s("layout", Shapes.layoutName(n + 2, cf)).build(),
                Shapes.spatial(x.shape(), cf, ones, -1), Shapes.layoutTag(n + 2, cf));
        if (ctx.config().bool("keepdims", false)) {
            return List.of(pooled);
        }
        long c = SpatialInput.channels(x, n, cf);
        return List.of(ctx.emit("Flatten", List.of(pooled), Attrs.of().i("axis", 1).build(),
                Shapes.batchAnd(x.shape(), c), Layout.NC));
    }
}
