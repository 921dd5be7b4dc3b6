package dev.rosetta.layout.rules;

import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Value;
import dev.rosetta.layout.Direction;
import dev.rosetta.layout.kernel.WeightPermutations;
import dev.rosetta.layout.kernel.WeightTransform;

/**
 * The static weight rewrite a Conv or ConvTranspose needs to change layout: OIHW⇄HWIO, depthwise
 * (group = input channels, one input channel per group) OIHW⇄HWCM, transposed IOHW⇄HWOI, 1-D
 * OIW⇄WIO. The weight's tag says which layout it is in; an untagged weight is read as the layout
 * the op's convention implies.
 */
final class ConvWeights {

    /** A weight rewrite, or the reason there is none. */
    record Plan(WeightTransform transform, Layout tag, String refusal) {
        static Plan refuse(String why) {
            return new Plan(null, null, why);
        }
    }

    private ConvWeights() {
    }

    static Plan plan(Node n, RewriteContext ctx) {
        Value w = n.input(1);
        if (w == null) {
            return Plan.refuse("it has no weight input");
        }
        if (!w.isConstant()) {
            return Plan.refuse("its weight '" + w.name() + "' is computed at run time");
        }
        long[] s = w.constant().shape();
        long group = n.attrInt("group", 1);
        boolean transposed = n.opType().equals("ConvTranspose");
        Layout tag = w.layout();
        boolean untagged = tag == Layout.UNKNOWN || tag == Layout.NONE;
        Direction d = ctx.direction();
        if (transposed && group != 1) {
            return Plan.refuse("grouped ConvTranspose (group=" + group + ") has no weight layout tag in the target");
        }
        if (isAlreadyIn(tag, d, transposed)) {
            // e.g. a Keras channels_first Conv2D: the node is NCHW but its kernel is stored HWIO.
            return new Plan(WeightTransform.identity(s), tag, null);
        }
        if (d == Direction.TO_CHANNELS_LAST) {
            if (s.length == 4 && transposed && (untagged || tag == Layout.IOHW)) {
                return new Plan(WeightPermutations.iohwToHwoi(s), Layout.HWOI, null);
            }
            if (s.length == 4 && !transposed && (untagged || tag == Layout.OIHW)) {
                boolean depthwise = group > 1 && s[1] == 1;
                return depthwise
                        ? new Plan(WeightPermutations.depthwiseOihwToHwcm(s, group), Layout.HWCM, null)
                        : new Plan(WeightPermutations.oihwToHwio(s), Layout.HWIO, null);
            }
            if (s.length == 3 && !transposed && group == 1 && (untagged || tag == Layout.OIW)) {
                return new Plan(WeightPermutations.oiwToWio(s), Layout.WIO, null);
            }
        } else {
            if (s.length == 4 && transposed && (untagged || tag == Layout.HWOI)) {
                return new Plan(WeightPermutations.hwoiToIohw(s), Layout.IOHW, null);
            }
            if (s.length == 4 && !transposed) {
                boolean depthwise = tag == Layout.HWCM || (untagged && isDepthwiseByChannels(n, ctx, group));
                if (depthwise) {
                    return new Plan(WeightPermutations.hwcmToDepthwiseOihw(s), Layout.OIHW, null);
                }
                if (tag == Layout.HWIO || (untagged && (group == 1 || knownChannels(n, ctx) > 0))) {
                    return new Plan(WeightPermutations.hwioToOihw(s), Layout.OIHW, null);
                }
                if (untagged) {
                    return Plan.refuse("untagged weight '" + w.name() + "' of a grouped convolution (group=" + group
                            + ") could be HWIO or HWCM; the input's channel count is unknown");
                }
            }
            if (s.length == 3 && !transposed && group == 1 && (untagged || tag == Layout.WIO)) {
                return new Plan(WeightPermutations.wioToOiw(s), Layout.OIW, null);
            }
        }
        return Plan.refuse("weight '" + w.name() + "' of shape " + java.util.Arrays.toString(s) + " tagged " + tag
                + " has no " + d.targetWords() + " form" + (group != 1 ? " (group=" + group + ")" : ""));
    }

    /** True when the weight's tag already is the target direction's layout for this op. */
    private static boolean isAlreadyIn(Layout tag, Direction d, boolean transposed) {
        if (d == Direction.TO_CHANNELS_LAST) {
            return transposed ? tag == Layout.HWOI : tag == Layout.HWIO || tag == Layout.HWCM || tag == Layout.WIO;
        }
        return transposed ? tag == Layout.IOHW : tag == Layout.OIHW || tag == Layout.OIW;
    }

    /** Depthwise means group equals the input's channel count, read at the tagged channel axis. */
    private static boolean isDepthwiseByChannels(Node n, RewriteContext ctx, long group) {
        long c = knownChannels(n, ctx);
        return group > 1 && c == group;
    }

    /** The data input's channel count, from its tag's C axis, or -1 when unknown. */
    private static long knownChannels(Node n, RewriteContext ctx) {
        Value x = n.input(0);
        if (x == null || !ctx.isActivation(x)) {
            return -1;
        }
        Shape shape = ctx.sourceShape(x);
        int c = ctx.sourceLayout(x).channelAxis();
        if (!shape.hasRank() || c < 0 || c >= shape.rank() || !shape.dim(c).isFixed()) {
            return -1;
        }
        return ((dev.rosetta.ir.Dim.Fixed) shape.dim(c)).size();
    }
}
