package dev.rosetta.layout.rules;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Value;
import dev.rosetta.layout.kernel.WeightTransform;
import java.util.Map;

/**
 * Ops with one {@code axis} attribute over a map of unchanged rank: Concat, Split, Softmax,
 * LogSoftmax, Hardmax (opset 13 semantics: one axis), LpNormalization, and ArgMax/ArgMin. The
 * axis is renumbered to where the same logical axis sits in the target layout. Concat's constant
 * operands are permuted like the map; ArgMax/ArgMin with {@code keepdims=0} convert only when the
 * result's axes still name a layout.
 */
final class AxisRule implements OpRule {
    /** Default axis per op (ONNX opset 13+). */
    static final Map<String, Long> DEFAULT_AXIS = Map.of("Concat", Long.MIN_VALUE, "Split", 0L, "Softmax", -1L,
            "LogSoftmax", -1L, "Hardmax", -1L, "LpNormalization", -1L, "ArgMax", 0L, "ArgMin", 0L);

    private static boolean dropsAxis(Node n) {
        return (n.opType().equals("ArgMax") || n.opType().equals("ArgMin")) && n.attrInt("keepdims", 1) == 0;
    }

    @Override
    public String refusal(Node n, RewriteContext ctx) {
        Object common = Activations.commonLayout(n, ctx);
        if (common instanceof String why) {
            return why;
        }
        Layout src = (Layout) common;
        long axis = n.attrInt("axis", DEFAULT_AXIS.get(n.opType()));
        if (axis == Long.MIN_VALUE) {
            return "it has no axis attribute";
        }
        int rank = src.rank();
        if (axis < -rank || axis >= rank) {
            return "its axis " + axis + " is outside rank " + rank;
        }
        if (n.opType().equals("Concat")) {
            for (Value v : n.inputs()) {
                if (v != null && !ctx.isActivation(v) && !(v.isConstant() && v.constant().rank() == rank)) {
                    return "its input '" + v.name() + "' is neither a " + src + " map nor a constant of rank " + rank;
                }
            }
        } else if (n.opType().equals("Split") && n.input(1) != null && !n.input(1).isConstant()) {
            return "its split sizes are computed at run time";
        }
        if (dropsAxis(n)) {
            String s = Letters.without(src.axes(), new long[] {axis});
            String t = Letters.without(ctx.direction().target(src).axes(), new long[] {ctx.mapAxis(axis, rank)});
            if (!s.equals(t) && (Letters.layoutOf(s) == null || Letters.layoutOf(t) == null)) {
                return "its result (" + s + ") has no layout tag";
            }
        }
        return null;
    }

    @Override
    public void rewrite(Node n, RewriteContext ctx) {
        Layout src = Activations.useAllTarget(n, ctx);
        int rank = src.rank();
        Layout target = ctx.direction().target(src);
        if (n.opType().equals("Concat")) {
            for (int i = 0; i < n.inputs().size(); i++) {
                Value v = n.input(i);
                if (v != null && v.isConstant()) {
                    ctx.transformConstant(n, i, WeightTransform.transpose(src.axes() + "->" + target.axes(),
                            v.constant().shape(), ctx.perm(rank)), target, "Concat '" + n.name() + "' joins it to a "
                            + target.axes() + " map");
                }
            }
        }
        long axis = n.attrInt("axis", DEFAULT_AXIS.get(n.opType()));
        int mapped = ctx.mapAxis(axis, rank);
        n.setAttribute("axis", new Attribute.Int(mapped));
        if (dropsAxis(n)) {
            String s = Letters.without(src.axes(), new long[] {axis});
            String t = Letters.without(target.axes(), new long[] {mapped});
            if (!s.equals(t)) {
                ctx.convertOutput(n.output(0), Letters.layoutOf(s));
            }
            return;
        }
        for (Value out : n.outputs()) {
            ctx.convertOutput(out, src);
        }
    }
}
