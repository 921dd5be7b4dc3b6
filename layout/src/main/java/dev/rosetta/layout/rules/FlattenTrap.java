package dev.rosetta.layout.rules;

import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Value;
import dev.rosetta.layout.kernel.Permutation;
import dev.rosetta.layout.kernel.WeightPermutations;
import dev.rosetta.layout.kernel.WeightTransform;
import java.util.Arrays;

/**
 * The flatten trap, solved statically. Flattening a map to (N, C·H·W) orders its features C,H,W in
 * channels-first and H,W,C in channels-last; a dense layer reading them must have its input
 * features permuted the same way or it computes something else. Instead of a run-time transpose,
 * the dense layer's constant weight is permuted once: its input-feature axis is viewed as the
 * map's axes in source order and transposed to target order. The sizes come from the map's shape
 * read at its tagged axes, never from comparing sizes.
 *
 * <p>Applies when the flattened value feeds exactly one Gemm (as A, {@code transA=0}) or MatMul
 * (as the left operand) whose weight is a rank-2 constant.
 */
final class FlattenTrap {
    private FlattenTrap() {
    }

    /** The dense node and which weight axis holds input features. */
    private record Dense(Node node, int featureAxis) {
    }

    /** Why the flattened result of {@code flatten} cannot be handled, or {@code null}. */
    static String refusal(Node flatten, RewriteContext ctx) {
        Value y = flatten.output(0);
        if (ctx.graph().outputs().contains(y)) {
            return "its result is a graph output, whose feature order would change";
        }
        Object d = dense(y);
        if (d instanceof String why) {
            return why;
        }
        Dense dense = (Dense) d;
        long[] map = mapSizes(flatten.input(0), ctx);
        if (map == null) {
            return "the sizes of the map's non-batch axes are not all known";
        }
        long features = 1;
        for (long m : map) {
            features *= m;
        }
        long[] w = dense.node().input(1).constant().shape();
        if (w[dense.featureAxis()] != features) {
            return "dense weight '" + dense.node().input(1).name() + "' " + Arrays.toString(w) + " does not read the "
                    + features + " features the map flattens to";
        }
        return null;
    }

    /** Reads the map in the target layout and permutes the dense weight's input features. */
    static void rewrite(Node flatten, RewriteContext ctx) {
        Value x = flatten.input(0);
        Layout src = ctx.sourceLayout(x);
        Layout target = ctx.direction().target(src);
        int rank = src.rank();
        long[] map = mapSizes(x, ctx);
        Dense dense = (Dense) dense(flatten.output(0));
        Permutation p = ctx.perm(rank);
        int[] mapPerm = new int[rank - 1];
        for (int i = 0; i < rank - 1; i++) {
            mapPerm[i] = p.get(i + 1) - 1;
        }
        Value w = dense.node().input(1);
        String label = "flatten " + src.axes().substring(1) + "->" + target.axes().substring(1);
        WeightTransform t = WeightPermutations.flatten(label, w.constant().shape(), dense.featureAxis(), map,
                Permutation.of(mapPerm));
        ctx.useTarget(flatten, 0);
        ctx.transformConstant(dense.node(), 1, t, w.layout(), dense.node().opType() + " '" + dense.node().name()
                + "' reads " + flatten.opType() + " '" + flatten.name() + "' of a " + target.axes() + " map "
                + Arrays.toString(map) + " (" + src.axes().substring(1) + "); no run-time transpose");
    }

    private static Object dense(Value y) {
        if (y.uses().size() != 1) {
            return "its result feeds " + y.uses().size() + " nodes, not one dense layer";
        }
        Value.Usage u = y.uses().get(0);
        Node c = u.node();
        Value b = c.input(1);
        boolean constB = b != null && b.isConstant() && b.constant().rank() == 2;
        if (c.opType().equals("Gemm") && u.index() == 0 && c.attrInt("transA", 0) == 0 && constB) {
            return new Dense(c, c.attrInt("transB", 0) != 0 ? 1 : 0);
        }
        if (c.opType().equals("MatMul") && u.index() == 0 && constB) {
            return new Dense(c, 0);
        }
        return "its result feeds node " + c.describe() + ", not a dense layer with a constant weight";
    }

    /** The map's non-batch axis sizes in source order, or null when any is unknown. */
    private static long[] mapSizes(Value x, RewriteContext ctx) {
        Shape s = ctx.sourceShape(x);
        int rank = ctx.sourceLayout(x).rank();
        if (!s.hasRank() || s.rank() != rank) {
            return null;
        }
        long[] out = new long[rank - 1];
        for (int i = 1; i < rank; i++) {
            if (!(s.dim(i) instanceof Dim.Fixed f)) {
                return null;
            }
            out[i - 1] = f.size();
        }
        return out;
    }

    /** The product of the map's non-batch sizes, or -1 when unknown. */
    static long features(Value x, RewriteContext ctx) {
        long[] m = mapSizes(x, ctx);
        if (m == null) {
            return -1;
        }
        long f = 1;
        for (long v : m) {
            f *= v;
        }
        return f;
    }
}
