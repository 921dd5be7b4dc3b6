package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import java.util.List;

/**
 * {@code Flatten}: {@code Reshape} to {@code [prod(dims < axis), prod(dims >= axis)]}, with -1
 * standing for the one side whose size is not known statically.
 */
final class FlattenEmitter implements TfEmitter {
    @Override
    public List<String> opTypes() {
        return List.of("Flatten");
    }

    @Override
    public String check(Node n, EmitContext ctx) {
        return target(n) == null ? "an input whose dimensions are unknown on both sides of the axis" : null;
    }

    private static long[] target(Node n) {
        Shape s = n.input(0).shape();
        if (!s.hasRank()) {
            return null;
        }
        int r = s.rank();
        long axis = n.attrInt("axis", 1);
        int a = (int) (axis < 0 ? axis + r : axis);
        long left = product(s, 0, a);
        long right = product(s, a, r);
        if (left < 0 && right < 0) {
            return null;
        }
        return new long[] {left, right};
    }

    private static long product(Shape s, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) {
            Dim d = s.dim(i);
            if (!d.isFixed()) {
                return -1;
            }
            p *= ((Dim.Fixed) d).size();
        }
        return p;
    }

    @Override
    public void emit(Node n, EmitContext ctx) {
        ctx.out(n, 0, ctx.op("Reshape", n.name()).addInput(ctx.in(n, 0))
                .addInput(ctx.int64s(target(n), n.name() + "/shape")).build().output(0));
    }
}
