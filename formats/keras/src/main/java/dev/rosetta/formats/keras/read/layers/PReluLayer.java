package dev.rosetta.formats.keras.read.layers;

import dev.rosetta.formats.keras.read.LayerConfig;
import dev.rosetta.formats.keras.read.LayerContext;
import dev.rosetta.formats.keras.read.LayerMapping;
import dev.rosetta.formats.keras.read.Shapes;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Value;
import java.util.List;

/**
 * {@code PReLU}: ONNX {@code PRelu} with the stored {@code alpha}, whose shape is the input's
 * without the batch axis (1 on {@code shared_axes}); it broadcasts from the right as ONNX requires.
 */
public final class PReluLayer implements LayerMapping {
    @Override
    public List<String> variables(LayerConfig cfg) {
        return List.of("alpha");
    }

    @Override
    public List<Value> build(LayerContext ctx) {
        Value x = ctx.input();
        int rank = Shapes.rank(x.shape());
        long[] expected;
        if (rank < 1) {
            expected = null;
        } else {
            expected = new long[rank - 1];
            for (int i = 1; i < rank; i++) {
                expected[i - 1] = Shapes.size(x.shape(), i);
            }
            long[] shared = ctx.config().intList("shared_axes");
            if (shared != null) {
                for (long s : shared) {
                    if (s < 1 || s >= rank) {
                        throw ctx.bad("shared_axes " + java.util.Arrays.toString(shared) + " out of range for rank " + rank);
                    }
                    expected[(int) s - 1] = 1;
                }
            }
        }
        Value alpha = expected == null ? ctx.weight("alpha", null, Layout.NONE, "unknown input rank")
                : ctx.weight("alpha", expected, Layout.NONE, "the input's shape without the batch axis, 1 on shared_axes");
        return List.of(ctx.emit("PRelu", List.of(x, alpha), null, x.shape(), x.layout()));
    }
}
