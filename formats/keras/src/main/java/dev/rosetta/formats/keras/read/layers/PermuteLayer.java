package dev.rosetta.formats.keras.read.layers;

import dev.rosetta.formats.keras.read.Attrs;
import dev.rosetta.formats.keras.read.LayerContext;
import dev.rosetta.formats.keras.read.LayerMapping;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Value;
import java.util.Arrays;
import java.util.List;

/** {@code Permute}: ONNX {@code Transpose} with {@code perm = [0, dims...]} (Keras counts axes from 1). */
public final class PermuteLayer implements LayerMapping {
    @Override
    public List<Value> build(LayerContext ctx) {
        Value x = ctx.input();
        long[] dims = ctx.config().intList("dims");
        if (dims == null) {
            throw ctx.bad("expected 'dims', found none");
        }
        long[] perm = new long[dims.length + 1];
        boolean[] seen = new boolean[perm.length];
        seen[0] = true;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 1 || dims[i] > dims.length || seen[(int) dims[i]]) {
                throw ctx.bad("dims " + Arrays.toString(dims) + " is not a permutation of 1.." + dims.length);
            }
            seen[(int) dims[i]] = true;
            perm[i + 1] = dims[i];
        }
        // Unknown, not none: what it holds follows from its producer or its readers (a channels-last
        // convolution after it makes it NHWC), which the layout passes infer.
        return List.of(ctx.emit("Transpose", List.of(x), Attrs.of().ints("perm", perm).build(),
                TransposeShape.apply(x.shape(), perm), Layout.UNKNOWN));
    }
}
