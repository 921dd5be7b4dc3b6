package dev.rosetta.formats.keras.read.layers;

import dev.rosetta.formats.keras.read.Attrs;
import dev.rosetta.formats.keras.read.LayerContext;
import dev.rosetta.formats.keras.read.LayerMapping;
import dev.rosetta.formats.keras.read.Shapes;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Value;
import java.util.List;

/**
 * {@code Flatten}: ONNX {@code Flatten(axis=1)}. With {@code data_format: channels_first} Keras
 * first moves the channels last (so that a model keeps its Dense weights when its data format
 * changes); that becomes a {@code Transpose} before the flatten.
 */
public final class FlattenLayer implements LayerMapping {
    @Override
    public List<Value> build(LayerContext ctx) {
        Value x = ctx.input();
        int rank = Shapes.rank(x.shape());
        if (ctx.config().channelsFirst() && rank > 2) {
            long[] perm = new long[rank];
            for (int i = 1; i < rank - 1; i++) {
                perm[i] = i + 1;
            }
            perm[rank - 1] = 1;
            x = ctx.emit("Transpose", List.of(x), Attrs.of().ints("perm", perm).build(),
                    TransposeShape.apply(x.shape(), perm), Layout.NONE);
        }
        return List.of(ctx.emit("Flatten", List.of(x), Attrs.of().i("axis", 1).build(),
                Shapes.batchAnd(x.shape(), Shapes.featureCount(x.shape())), Layout.NC));
    }
}
