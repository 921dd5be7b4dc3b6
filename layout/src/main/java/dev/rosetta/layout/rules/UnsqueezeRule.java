package dev.rosetta.layout.rules;

import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Value;

/**
 * Unsqueeze that turns a value whose axes read the same in both layouts (NC, say) into a map
 * (NC → NC11 tagged NCHW): the inserted axes are renumbered to where those letters sit in the
 * target layout (N11C). Unsqueezing a map itself is refused.
 */
final class UnsqueezeRule implements OpRule {
    private static final Params AXES = new Params("axes", 1);

    @Override
    public String refusal(Node n, RewriteContext ctx) {
        if (n.input(0) != null && ctx.isActivation(n.input(0))) {
            return "it adds axes to a map";
        }
        Value y = n.output(0);
        if (!ctx.isActivation(y)) {
            return "its result is not an activation";
        }
        long[] axes = AXES.read(n);
        if (axes == null) {
            return "its axes are not constant";
        }
        Layout src = ctx.sourceLayout(y);
        long[] norm;
        try {
            norm = Letters.normalize(axes, src.rank());
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        String in = Letters.without(src.axes(), norm);
        String inTarget = Letters.without(ctx.direction().target(src).axes(), Activations.mapAxes(norm, src.rank(), ctx));
        if (!in.equals(inTarget)) {
            return "its input's axes (" + in + ") would read differently in the target layout (" + inTarget + ")";
        }
        return null;
    }

    @Override
    public void rewrite(Node n, RewriteContext ctx) {
        Value y = n.output(0);
        Layout src = ctx.sourceLayout(y);
        long[] norm = Letters.normalize(AXES.read(n), src.rank());
        AXES.write(n, Activations.mapAxes(norm, src.rank(), ctx), ctx);
        ctx.convertOutput(y, src);
    }

    @Override
    public boolean convertsAlone(Node node, RewriteContext ctx) {
        return true;
    }
}
