package dev.rosetta.layout.rules;

import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Value;
import java.util.Set;

/**
 * Ops with an {@code axes} list over a map: the Reduce family and Squeeze. Each axis is renumbered
 * to the target layout (and the list sorted). When axes disappear from the result
 * ({@code keepdims=0}, Squeeze) the result's layout is found by its remaining axis letters: NCHW
 * reduced over H and W leaves NC in both layouts, so the result needs no conversion; a result
 * whose letters name no layout (CHW, say) is refused.
 */
final class AxesRule implements OpRule {
    static final Set<String> REDUCE = Set.of("ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd",
            "ReduceL1", "ReduceL2", "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare");
    static final Set<String> OPS = union(REDUCE, Set.of("Squeeze"));
    private static final Params AXES = new Params("axes", 1);

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.Set<String> s = new java.util.HashSet<>(a);
        s.addAll(b);
        return Set.copyOf(s);
    }

    private static boolean keepsDims(Node n) {
        return REDUCE.contains(n.opType()) && n.attrInt("keepdims", 1) != 0;
    }

    @Override
    public String refusal(Node n, RewriteContext ctx) {
        String notActivation = Activations.firstInputRefusal(n, ctx);
        if (notActivation != null) {
            return notActivation;
        }
        Value x = n.input(0);
        String where = AXES.where(n);
        if (where.equals("runtime")) {
            return "its axes are computed at run time";
        }
        Layout src = ctx.sourceLayout(x);
        long[] axes = AXES.read(n);
        if (axes == null) {
            return n.opType().equals("Squeeze") ? "Squeeze without axes depends on which sizes are 1" : null;
        }
        try {
            axes = Letters.normalize(axes, src.rank());
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (keepsDims(n)) {
            return null;
        }
        String s = Letters.without(src.axes(), axes);
        String t = Letters.without(ctx.direction().target(src).axes(), Activations.mapAxes(axes, src.rank(), ctx));
        if (!s.equals(t) && (Letters.layoutOf(s) == null || Letters.layoutOf(t) == null)) {
            return "its result (" + s + " in the source, " + t + " in the target) has no layout tag";
        }
        return null;
    }

    @Override
    public void rewrite(Node n, RewriteContext ctx) {
        Layout src = ctx.sourceLayout(n.input(0));
        int rank = src.rank();
        ctx.useTarget(n, 0);
        long[] axes = AXES.read(n);
        if (axes == null) {
            if (keepsDims(n)) {
                ctx.convertOutput(n.output(0), src);
            }
            return;
        }
        axes = Letters.normalize(axes, rank);
        long[] mapped = Activations.mapAxes(axes, rank, ctx);
        AXES.write(n, mapped, ctx);
        if (keepsDims(n)) {
            ctx.convertOutput(n.output(0), src);
            return;
        }
        String s = Letters.without(src.axes(), axes);
        String t = Letters.without(ctx.direction().target(src).axes(), mapped);
        if (!s.equals(t)) {
            ctx.convertOutput(n.output(0), Letters.layoutOf(s));
        }
    }
}
