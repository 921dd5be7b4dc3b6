package dev.rosetta.layout.rules;

import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Value;
import java.util.Arrays;

/**
 * Reshape in the two layout-safe patterns. Flattening a map to (N, -1), (0, -1), (N, C·H·W) or
 * (-1, C·H·W) before a dense layer is the flatten trap ({@link FlattenTrap}). Unflattening a
 * value whose axes read the same in both layouts into a map with every spatial size 1
 * ((N, C) → (N, C, 1, 1)) keeps its bytes, so the target shape is just permuted. Anything else
 * keeps its source layout.
 */
final class ReshapeRule implements OpRule {
    private static final Params SHAPE = new Params("shape", 1);

    @Override
    public String refusal(Node n, RewriteContext ctx) {
        long[] s = SHAPE.read(n);
        if (s == null) {
            return "its target shape is not constant";
        }
        if (n.attrInt("allowzero", 0) != 0 && Arrays.stream(s).anyMatch(v -> v == 0)) {
            return "it uses allowzero with a 0 in its shape";
        }
        Value x = n.input(0);
        if (x != null && ctx.isActivation(x)) {
            if (s.length != 2) {
                return "it reshapes a map to rank " + s.length + ", not to (batch, features)";
            }
            long features = FlattenTrap.features(x, ctx);
            Shape xs = ctx.sourceShape(x);
            long batch = xs.hasRank() && xs.dim(0) instanceof Dim.Fixed f ? f.size() : -1;
            boolean batchKept = s[0] == 0 || (s[0] > 0 && s[0] == batch) || (s[0] == -1 && features > 0 && s[1] == features);
            boolean flattens = s[1] == -1 || (features > 0 && s[1] == features);
            if (!batchKept || !flattens) {
                return "its shape " + Arrays.toString(s) + " is not (batch, features) of this map";
            }
            return FlattenTrap.refusal(n, ctx);
        }
        Value y = n.output(0);
        if (!ctx.isActivation(y)) {
            return "neither its input nor its result is an activation";
        }
        Layout src = ctx.sourceLayout(y);
        if (s.length != src.rank()) {
            return "its shape " + Arrays.toString(s) + " does not have the rank of " + src;
        }
        String letters = src.axes();
        for (int i = 0; i < s.length; i++) {
            char c = letters.charAt(i);
            if (c != 'N' && c != 'C' && s[i] != 1) {
                return "it unflattens into a map with spatial size " + s[i] + " on " + c + ", whose bytes differ by layout";
            }
        }
        return null;
    }

    @Override
    public void rewrite(Node n, RewriteContext ctx) {
        Value x = n.input(0);
        if (x != null && ctx.isActivation(x)) {
            FlattenTrap.rewrite(n, ctx);
            return;
        }
        Value y = n.output(0);
        Layout src = ctx.sourceLayout(y);
        SHAPE.write(n, ctx.perm(src.rank()).apply(SHAPE.read(n)), ctx);
        ctx.convertOutput(y, src);
    }

    @Override
    public boolean convertsAlone(Node n, RewriteContext ctx) {
        Value x = n.input(0);
        return x == null || !ctx.isActivation(x);
    }
}
