package dev.rosetta.formats.keras.read.layers;

import dev.rosetta.formats.keras.read.Attrs;
import dev.rosetta.formats.keras.read.LayerContext;
import dev.rosetta.formats.keras.read.LayerMapping;
import dev.rosetta.formats.keras.read.Shapes;
import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.List;

/** {@code Concatenate}: ONNX {@code Concat} over {@code axis} (default -1, made non-negative when the rank is known). */
public final class ConcatenateLayer implements LayerMapping {
    @Override
    public List<Value> build(LayerContext ctx) {
        List<Value> ins = ctx.inputs();
        if (ins.isEmpty()) {
            throw ctx.bad("expected at least 1 input, found none");
        }
        long axis = ctx.config().integer("axis", -1);
        int rank = Shapes.rank(ins.get(0).shape());
        Shape shape = Shape.UNKNOWN_RANK;
        if (rank > 0) {
            long a = axis < 0 ? axis + rank : axis;
            if (a < 0 || a >= rank) {
                throw ctx.bad("axis " + axis + " is out of range for inputs of rank " + rank);
            }
            axis = a;
            long total = 0;
            for (Value v : ins) {
                long s = Shapes.size(v.shape(), (int) a);
                total = s < 0 || total < 0 ? -1 : total + s;
            }
            List<Dim> dims = new ArrayList<>(ins.get(0).shape().dims());
            dims.set((int) a, total < 0 ? Dim.symbol("") : Dim.of(total));
            shape = new Shape(dims);
        }
        return List.of(ctx.emit("Concat", ins, Attrs.of().i("axis", axis).build(), shape, ins.get(0).layout()));
    }
}
