package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Operation;

/**
 * {@code Split}: {@code SplitV} with the part sizes, from the {@code split} attribute or, without
 * it, equal parts of a known axis length, one part per output.
 */
final class SplitEmitter implements TfEmitter {
    @Override
    public List<String> opTypes() {
        return List.of("Split");
    }

    @Override
    public String check(Node n, EmitContext ctx) {
        if (n.inputs().size() != 1) {
            return "split sizes computed at run time";
        }
        return sizes(n) == null ? "equal parts of an axis of unknown length" : null;
    }

    @Override
    public void emit(Node n, EmitContext ctx) {
        long[] sizes = sizes(n);
        Operation split = ctx.op("SplitV", n.name()).addInput(ctx.in(n, 0))
                .addInput(ctx.int64s(sizes, n.name() + "/sizes"))
                .addInput(ctx.constant(Tensor.ofInts(new long[0], (int) axis(n)), n.name() + "/axis"))
                .setAttr("num_split", sizes.length).build();
        for (int i = 0; i < n.outputs().size(); i++) {
            ctx.out(n, i, split.output(i));
        }
    }

    private static long axis(Node n) {
        long a = n.attrInt("axis", 0);
        Shape x = n.input(0).shape();
        return a < 0 && x.hasRank() ? a + x.rank() : a;
    }

    /** The part sizes, or {@code null} when they depend on an unknown axis length. */
    private static long[] sizes(Node n) {
        long[] split = n.attrInts("split", null);
        if (split != null) {
            return split;
        }
        Shape x = n.input(0).shape();
        long a = axis(n);
        if (!x.hasRank() || a < 0 || a >= x.rank() || !(x.dim((int) a) instanceof Dim.Fixed f)
                || f.size() % n.outputs().size() != 0) {
            return null;
        }
        long[] equal = new long[n.outputs().size()];
        Arrays.fill(equal, f.size() / equal.length);
        return equal;
    }
}
