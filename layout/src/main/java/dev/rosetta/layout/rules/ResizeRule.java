package dev.rosetta.layout.rules;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Value;
import dev.rosetta.layout.kernel.Permutation;

/**
 * Resize and Upsample of a map: the per-axis {@code scales} and {@code sizes} (and Resize's
 * {@code roi}, begins then ends) are reordered with the axes, whether they are attributes or
 * constant inputs; an explicit {@code axes} list (opset 18) is renumbered instead. The
 * {@code layout} attribute records the data's layout.
 */
final class ResizeRule implements OpRule {

    /** Input index of roi, scales and sizes for this op. */
    private static int[] inputs(Node n) {
        return n.opType().equals("Upsample") ? new int[] {-1, 1, -1} : new int[] {1, 2, 3};
    }

    @Override
    public String refusal(Node n, RewriteContext ctx) {
        String notActivation = Activations.firstInputRefusal(n, ctx);
        if (notActivation != null) {
            return notActivation;
        }
        for (int i : inputs(n)) {
            Value v = i < 0 ? null : n.input(i);
            if (v != null && !v.isConstant()) {
                return "its input '" + v.name() + "' is computed at run time";
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
        long[] axes = n.attrInts("axes", null);
        if (axes != null) {
            n.setAttribute("axes", new Attribute.Ints(Activations.mapAxes(axes, rank, ctx)));
        } else {
            if (n.attribute("scales") instanceof Attribute.Floats f) {
                n.setAttribute("scales", new Attribute.Floats(AxisVector.permute(f.values(), p, 1)));
            }
            if (n.attribute("sizes") instanceof Attribute.Ints s) {
                n.setAttribute("sizes", new Attribute.Ints(AxisVector.permute(s.values(), p, 1)));
            }
            if (n.attribute("roi") instanceof Attribute.Floats r && r.values().length == 2 * rank) {
                n.setAttribute("roi", new Attribute.Floats(AxisVector.permute(r.values(), p, 2)));
            }
            int[] in = inputs(n);
            for (int k = 0; k < 3; k++) {
                Value v = in[k] < 0 ? null : n.input(in[k]);
                int halves = k == 0 ? 2 : 1;
                if (v != null && v.isConstant() && v.constant().elementCount() == (long) halves * rank) {
                    ctx.replaceParameter(n, in[k], AxisVector.permute(v.constant(), p, halves));
                }
            }
        }
        Activations.setLayoutAttribute(n, ctx.direction().target(src));
        ctx.convertOutput(n.output(0), src);
    }
}
