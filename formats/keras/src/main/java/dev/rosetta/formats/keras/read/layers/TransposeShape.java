package dev.rosetta.formats.keras.read.layers;

import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Shape;
import java.util.ArrayList;
import java.util.List;

/** The shape of a transposed tensor. */
final class TransposeShape {
    private TransposeShape() {
    }

    static Shape apply(Shape in, long[] perm) {
        if (!in.hasRank() || in.rank() != perm.length) {
            return Shape.UNKNOWN_RANK;
        }
        List<Dim> dims = new ArrayList<>();
        for (long p : perm) {
            dims.add(in.dims().get((int) p));
        }
        return new Shape(dims);
    }
}
