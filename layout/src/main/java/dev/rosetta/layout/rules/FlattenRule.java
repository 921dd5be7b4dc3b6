package dev.rosetta.layout.rules;

import dev.rosetta.ir.Node;
import dev.rosetta.ir.Value;

/**
 * Flatten at axis 1 of a map that feeds a dense layer: the map is read in the target layout and
 * the dense weight permuted ({@link FlattenTrap}). Any other Flatten keeps its source layout (a
 * boundary transpose feeds it).
 */
final class FlattenRule implements OpRule {
    @Override
    public String refusal(Node n, RewriteContext ctx) {
        String notActivation = Activations.firstInputRefusal(n, ctx);
        if (notActivation != null) {
            return notActivation;
        }
        Value x = n.input(0);
        int rank = ctx.sourceLayout(x).rank();
        long axis = n.attrInt("axis", 1);
        if ((axis < 0 ? axis + rank : axis) != 1) {
            return "it flattens at axis " + axis + ", not 1 (batch kept, the map flattened)";
        }
        return FlattenTrap.refusal(n, ctx);
    }

    @Override
    public void rewrite(Node n, RewriteContext ctx) {
        FlattenTrap.rewrite(n, ctx);
    }
}
