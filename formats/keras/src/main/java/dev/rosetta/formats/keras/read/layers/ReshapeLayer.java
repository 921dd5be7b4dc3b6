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
 * {@code Reshape}: ONNX {@code Reshape} with the static {@code shape} attribute
 * {@code [0, target_shape...]} (0 keeps the batch size).
 */
public final class ReshapeLayer implements LayerMapping {
    @Override
    public List<Value> build(LayerContext ctx) {
        Value x = ctx.input();
        long[] target = ctx.config().intList("target_shape");
        if (target == null) {
            throw ctx.bad("expected a 'target_shape', found none");
        }
        int unknown = 0;
        long known = 1;
        for (long t : target) {
            if (t == -1) {
                unknown++;
            } else if (t <= 0) {
                throw ctx.bad("target_shape " + Arrays.toString(target) + " has a size below 1");
            } else {
                known = Math.multiplyExact(known, t);
            }
        }
        if (unknown > 1) {
            throw ctx.bad("target_shape " + Arrays.toString(target) + " has more than one unknown size");
        }
        long[] shape = new long[target.length + 1];
        System.arraycopy(target, 0, shape, 1, target.length);
        long[] outSizes = target.clone();
        long features = Shapes.featureCount(x.shape());
        if (unknown == 1 && features >= 0) {
            for (int i = 0; i < outSizes.length; i++) {
                if (outSizes[i] == -1) {
                    outSizes[i] = features / known;
                }
            }
        } else if (unknown == 0 && features >= 0 && features != known) {
            throw ctx.bad("cannot reshape " + features + " features per sample into " + Arrays.toString(target));
        }
        return List.of(ctx.emit("Reshape", List.of(x), Attrs.of().ints("shape", shape).build(),
                Shapes.batchAnd(x.shape(), outSizes), Layout.NONE));
    }
}
