package dev.rosetta.formats.keras.read.layers;

import dev.rosetta.formats.keras.read.LayerContext;
import dev.rosetta.formats.keras.read.Shapes;
import dev.rosetta.ir.Value;

/** Checks shared by layers that take one spatial input of a fixed rank. */
final class SpatialInput {
    private SpatialInput() {
    }

    /**
     * The single input, checked to have rank {@code n + 2} when its rank is known.
     *
     * @throws dev.rosetta.error.MalformedInputException otherwise
     */
    static Value of(LayerContext ctx, int n) {
        Value x = ctx.input();
        int r = Shapes.rank(x.shape());
        if (r >= 0 && r != n + 2) {
            throw ctx.bad("expected an input of rank " + (n + 2) + " (batch, " + n + " spatial, channels), found "
                    + x.shape());
        }
        return x;
    }

    /** The input's channel count, or -1 when unknown. */
    static long channels(Value x, int n, boolean channelsFirst) {
        return Shapes.size(x.shape(), Shapes.channelAxis(n + 2, channelsFirst));
    }

    /** The number of spatial dimensions of a class name ending in 1D, 2D or 3D. */
    static int dims(String className) {
        int i = className.indexOf("1D");
        if (i >= 0) {
            return 1;
        }
        return className.contains("3D") ? 3 : 2;
    }
}
