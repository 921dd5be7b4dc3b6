package dev.rosetta.layout.rules;

import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Value;
import dev.rosetta.layout.Direction;
import java.util.Set;

/**
 * Spatial ops that carry a {@code layout} attribute: convolutions, pools, normalizations. The
 * rewrite sets the attribute to the target layout (removes it for channels-first, the default),
 * reads the data input in the target layout and permutes a convolution's constant weight
 * statically ({@link ConvWeights}). Kernel shapes, strides, dilations and spatial pads keep their
 * meaning: only the channel axis moves. Per-channel parameters (bias, BN scale/mean/var) are 1-D
 * and stay as they are.
 */
final class SpatialRule implements OpRule {
    static final Set<String> OPS = Set.of("Conv", "ConvTranspose", "MaxPool", "AveragePool", "LpPool",
            "GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool", "BatchNormalization", "InstanceNormalization", "LRN");

    @Override
    public String refusal(Node n, RewriteContext ctx) {
        Value x = n.input(0);
        if (x == null || !ctx.isActivation(x)) {
            return "its data input is not tagged as a " + ctx.direction().reverse().targetWords() + " activation";
        }
        String attr = n.attrString("layout", null);
        try {
            if (!ctx.direction().isSourceAttribute(attr)) {
                return "it already runs " + attr;
            }
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (n.opType().equals("MaxPool") && n.outputs().size() > 1) {
            return "its indices output holds flat positions in the source layout";
        }
        if (n.opType().equals("Conv") || n.opType().equals("ConvTranspose")) {
            return ConvWeights.plan(n, ctx).refusal();
        }
        return null;
    }

    @Override
    public void rewrite(Node n, RewriteContext ctx) {
        Layout src = ctx.sourceLayout(n.input(0));
        Direction d = ctx.direction();
        Layout target = d.target(src);
        ConvWeights.Plan plan = n.opType().startsWith("Conv") ? ConvWeights.plan(n, ctx) : null;
        ctx.useTarget(n, 0);
        Activations.setLayoutAttribute(n, target);
        if (plan != null) {
            ctx.transformConstant(n, 1, plan.transform(), plan.tag(),
                    n.opType() + " " + "'" + n.name() + "' runs " + target.axes());
        }
        ctx.convertOutput(n.output(0), src);
    }

    @Override
    public boolean convertsAlone(Node node, RewriteContext ctx) {
        return true;
    }
}
