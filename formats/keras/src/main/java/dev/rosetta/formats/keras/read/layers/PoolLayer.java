package dev.rosetta.formats.keras.read.layers;

import dev.rosetta.formats.keras.read.Attrs;
import dev.rosetta.formats.keras.read.LayerContext;
import dev.rosetta.formats.keras.read.LayerMapping;
import dev.rosetta.formats.keras.read.Shapes;
import dev.rosetta.ir.Value;
import java.util.List;

/**
 * {@code MaxPooling1D/2D} and {@code AveragePooling1D/2D}: ONNX {@code MaxPool} /
 * {@code AveragePool}. TensorFlow's SAME padding never counts padded cells in an average, which
 * is ONNX's {@code count_include_pad=0}; max pooling ignores them as ONNX does.
 */
public final class PoolLayer implements LayerMapping {
    private final String op;

    public PoolLayer(String op) {
        this.op = op;
    }

    @Override
    public List<Value> build(LayerContext ctx) {
        int n = SpatialInput.dims(ctx.config().className());
        ConvGeometry g = ConvGeometry.pool(ctx.config(), n);
        Value x = SpatialInput.of(ctx, n);
        Attrs a = g.attributes(Attrs.of(), x.shape());
        if (op.equals("AveragePool")) {
            a.i("count_include_pad", 0);
        }
        return List.of(ctx.emit(op, List.of(x), a.build(), Shapes.spatial(x.shape(), g.channelsFirst(), g.outSizes(x.shape()), -1),
                Shapes.layoutTag(n + 2, g.channelsFirst())));
    }
}
