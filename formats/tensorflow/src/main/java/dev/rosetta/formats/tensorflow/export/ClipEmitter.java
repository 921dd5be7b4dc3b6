package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.Node;
import java.util.List;
import org.tensorflow.Output;

/**
 * {@code Clip}: {@code Relu6} for [0, 6], {@code Relu} for [0, ∞), else {@code Maximum}/{@code
 * Minimum} with the bounds (attributes, or inputs known before anything runs: initializers or
 * {@code Constant} nodes).
 */
final class ClipEmitter implements TfEmitter {
    @Override
    public List<String> opTypes() {
        return List.of("Clip");
    }

    @Override
    public String check(Node n, EmitContext ctx) {
        for (int i = 1; i <= 2; i++) {
            if (n.input(i) != null && n.input(i).knownValue() == null) {
                return "bounds computed at run time";
            }
        }
        return null;
    }

    private static Double bound(Node n, int input, String attr) {
        if (n.input(input) != null) {
            return n.input(input).knownValue().getDouble(0);
        }
        return n.attribute(attr) == null ? null : (double) n.attrFloat(attr, 0f);
    }

    @Override
    public void emit(Node n, EmitContext ctx) {
        Double lo = bound(n, 1, "min");
        Double hi = bound(n, 2, "max");
        Output<?> x = ctx.in(n, 0);
        if (lo != null && lo == 0 && hi != null && hi == 6) {
            ctx.out(n, 0, ctx.op("Relu6", n.name()).addInput(x).build().output(0));
            return;
        }
        if (lo != null && lo == 0 && hi == null) {
            ctx.out(n, 0, ctx.op("Relu", n.name()).addInput(x).build().output(0));
            return;
        }
        if (lo != null) {
            x = ctx.op("Maximum", n.name() + (hi == null ? "" : "/min")).addInput(x)
                    .addInput(ctx.scalar(lo, n.input(0).dtype(), n.name() + "/min_value")).build().output(0);
        }
        if (hi != null) {
            x = ctx.op("Minimum", n.name()).addInput(x)
                    .addInput(ctx.scalar(hi, n.input(0).dtype(), n.name() + "/max_value")).build().output(0);
        }
        ctx.out(n, 0, x);
    }
}
