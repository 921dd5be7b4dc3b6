package dev.rosetta.layout.rules;

import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;

/**
 * Slice of a map: its {@code axes} are renumbered to the target layout (starts, ends and steps
 * follow their axes unchanged). Without an explicit axes list the implied {@code 0..k-1} is
 * written out, when the parameters are attributes.
 */
final class SliceRule implements OpRule {
    private static final Params STARTS = new Params("starts", 1);
    private static final Params AXES = new Params("axes", 3);

    @Override
    public String refusal(Node n, RewriteContext ctx) {
        String notActivation = Activations.firstInputRefusal(n, ctx);
        if (notActivation != null) {
            return notActivation;
        }
        String where = AXES.where(n);
        if (where.equals("runtime")) {
            return "its axes are computed at run time";
        }
        if (where.equals("absent")) {
            if (!STARTS.where(n).equals("attribute")) {
                return "its axes are implied and its starts are not an attribute";
            }
        }
        return null;
    }

    @Override
    public void rewrite(Node n, RewriteContext ctx) {
        int rank = ctx.sourceLayout(n.input(0)).rank();
        long[] axes = AXES.read(n);
        if (axes == null) {
            long[] starts = STARTS.read(n);
            axes = new long[starts.length];
            for (int i = 0; i < axes.length; i++) {
                axes[i] = i;
            }
        }
        long[] mapped = new long[axes.length];
        for (int i = 0; i < axes.length; i++) {
            mapped[i] = ctx.mapAxis(axes[i], rank);
        }
        Layout src = ctx.sourceLayout(n.input(0));
        ctx.useTarget(n, 0);
        AXES.write(n, mapped, ctx);
        ctx.convertOutput(n.output(0), src);
    }
}
