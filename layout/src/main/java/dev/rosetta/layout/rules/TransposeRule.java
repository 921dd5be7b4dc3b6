package dev.rosetta.layout.rules;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Value;
import dev.rosetta.layout.kernel.Permutation;

/**
 * A Transpose already in the graph, composed with the layout change: reading a converted map
 * means undoing the layout permutation first, producing a map means applying it after. A
 * source-graph transpose that switched layouts (NHWC input → NCHW for the convolutions) composes
 * to the identity and is then removed by {@code CancelTransposes}.
 */
final class TransposeRule implements OpRule {

    private static Permutation perm(Node n, int rank) {
        long[] p = n.attrInts("perm", null);
        if (p == null) {
            int[] rev = new int[rank];
            for (int i = 0; i < rank; i++) {
                rev[i] = rank - 1 - i;
            }
            return Permutation.of(rev);
        }
        return Permutation.ofLongs(p);
    }

    @Override
    public String refusal(Node n, RewriteContext ctx) {
        Value x = n.input(0);
        Value y = n.output(0);
        boolean in = x != null && ctx.isActivation(x);
        boolean out = ctx.isActivation(y);
        if (!in && !out) {
            return "neither its input nor its result is an activation";
        }
        int rank = in ? ctx.sourceLayout(x).rank() : ctx.sourceLayout(y).rank();
        if (out && ctx.sourceLayout(y).rank() != rank) {
            return "its input and result tags differ in rank";
        }
        try {
            if (perm(n, rank).rank() != rank) {
                return "its perm does not have rank " + rank;
            }
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        return null;
    }

    @Override
    public void rewrite(Node n, RewriteContext ctx) {
        Value x = n.input(0);
        Value y = n.output(0);
        boolean in = x != null && ctx.isActivation(x);
        boolean out = ctx.isActivation(y);
        int rank = in ? ctx.sourceLayout(x).rank() : ctx.sourceLayout(y).rank();
        Permutation p = perm(n, rank);
        Permutation before = p;
        Permutation layout = ctx.perm(rank);
        if (in) {
            ctx.useTarget(n, 0);
            p = layout.inverse().then(p);
        }
        if (out) {
            p = p.then(layout);
            ctx.convertOutput(y, ctx.sourceLayout(y));
        }
        n.setAttribute("perm", new Attribute.Ints(p.toLongs()));
        ctx.log("Transpose '" + n.name() + "' composed with the layout change: perm " + before + " -> " + p
                + (p.isIdentity() ? " (identity: it only switched layouts)" : ""));
    }

    @Override
    public boolean convertsAlone(Node n, RewriteContext ctx) {
        return ctx.isActivation(n.output(0));
    }
}
