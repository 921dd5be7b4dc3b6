package dev.rosetta.formats.keras.write.ops;

import dev.rosetta.formats.keras.write.ExportContext;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Value;

/**
 * Finds {@code Mul(x, Sigmoid(x))} where the Sigmoid feeds only that Mul: the Sigmoid is absorbed
 * and the Mul written as {@code Activation('swish')}.
 */
public final class SwishFusion {
    private SwishFusion() {
    }

    /** Absorbs every Sigmoid that is half of a swish; call before exporting. */
    public static void prepare(ExportContext ctx) {
        for (Node n : ctx.graph().nodes()) {
            if (n.opType().equals("Sigmoid")) {
                Node m = ctx.soleConsumer(n.output(0));
                if (m != null && isSwish(ctx, m)) {
                    ctx.absorb(n);
                }
            }
        }
    }

    /** True when {@code mul} is {@code x * Sigmoid(x)}. */
    static boolean isSwish(ExportContext ctx, Node mul) {
        if (!mul.opType().equals("Mul") || mul.inputs().size() != 2) {
            return false;
        }
        for (int i = 0; i < 2; i++) {
            Value s = mul.input(i);
            Value x = mul.input(1 - i);
            Node p = s == null ? null : s.producer();
            if (p != null && p.opType().equals("Sigmoid") && p.input(0) == x && ctx.soleConsumer(s) == mul) {
                return true;
            }
        }
        return false;
    }

    /** The {@code x} of a swish Mul. */
    static Value input(Node mul) {
        Node p0 = mul.input(0).producer();
        return p0 != null && p0.opType().equals("Sigmoid") && p0.input(0) == mul.input(1) ? mul.input(1) : mul.input(0);
    }
}
