package dev.rosetta.layout.rules;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Value;

/** What several rules ask about a node's activation inputs, said once. */
final class Activations {
    private Activations() {
    }

    /** Why input 0 does not qualify (absent or not an activation), or {@code null}. */
    static String firstInputRefusal(Node n, RewriteContext ctx) {
        Value x = n.input(0);
        return x == null || !ctx.isActivation(x) ? "its input is not an activation" : null;
    }

    /**
     * The one source layout shared by the node's activation inputs, or a refusal: a {@link Layout}
     * or a {@link String}.
     */
    static Object commonLayout(Node n, RewriteContext ctx) {
        Layout src = null;
        for (Value v : n.inputs()) {
            if (v != null && ctx.isActivation(v)) {
                Layout l = ctx.sourceLayout(v);
                if (src != null && src != l) {
                    return "it mixes " + src + " and " + l + " inputs";
                }
                src = l;
            }
        }
        return src == null ? "none of its inputs is an activation" : src;
    }

    /** Rewires every activation input to its target form; returns their source layout. */
    static Layout useAllTarget(Node n, RewriteContext ctx) {
        Layout src = null;
        for (int i = 0; i < n.inputs().size(); i++) {
            Value v = n.input(i);
            if (v != null && ctx.isActivation(v)) {
                src = ctx.sourceLayout(v);
                ctx.useTarget(n, i);
            }
        }
        return src;
    }

    /**
     * Source axes renumbered to the target layout, in the same order (Slice, Pad and Resize pair
     * each axis with a start, pad or scale, so the order must stay).
     */
    static long[] mapAxes(long[] axes, int rank, RewriteContext ctx) {
        long[] out = new long[axes.length];
        for (int i = 0; i < axes.length; i++) {
            out[i] = ctx.mapAxis(axes[i], rank);
        }
        return out;
    }

    /** Sets a spatial op's {@code layout} attribute to {@code target}; removes it for channels-first (the default). */
    static void setLayoutAttribute(Node n, Layout target) {
        if (target.isChannelsFirst()) {
            n.removeAttribute("layout");
        } else {
            n.setAttribute("layout", new Attribute.Str(target.axes()));
        }
    }
}
