package dev.rosetta.layout.rules;

import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.layout.kernel.Permutation;

/**
 * Pad of a map. Pad's {@code pads} index the axes of the tensor it is given ([x1_begin, ...,
 * xn_begin, x1_end, ..., xn_end] over all axes), so they are reordered with the axes; with an
 * explicit {@code axes} list (opset 18) the axes are renumbered instead. The {@code layout}
 * attribute is set like other spatial ops' to say which layout the data is in; the pads always
 * refer to the data's actual axes.
 */
final class PadRule implements OpRule {
    private static final Params PADS = new Params("pads", 1);
    private static final Params AXES = new Params("axes", 3);

    @Override
    public String refusal(Node n, RewriteContext ctx) {
        String notActivation = Activations.firstInputRefusal(n, ctx);
        if (notActivation != null) {
            return notActivation;
        }
        int rank = ctx.sourceLayout(n.input(0)).rank();
        if (AXES.where(n).equals("runtime")) {
            return "its axes are computed at run time";
        }
        long[] axes = AXES.read(n);
        if (axes == null) {
            long[] pads = PADS.read(n);
            if (pads == null) {
                return "its pads are not constant";
            }
            if (pads.length != 2 * rank) {
                return "it has " + pads.length + " pads for a rank-" + rank + " map";
            }
        }
        return null;
    }

    @Override
    public void rewrite(Node n, RewriteContext ctx) {
        Layout src = ctx.sourceLayout(n.input(0));
        int rank = src.rank();
        Permutation p = ctx.perm(rank);
        ctx.useTarget(n, 0);
        long[] axes = AXES.read(n);
        if (axes != null) {
            AXES.write(n, Activations.mapAxes(axes, rank, ctx), ctx);
        } else {
            PADS.write(n, AxisVector.permute(PADS.read(n), p, 2), ctx);
        }
        Activations.setLayoutAttribute(n, ctx.direction().target(src));
        ctx.convertOutput(n.output(0), src);
    }
}
