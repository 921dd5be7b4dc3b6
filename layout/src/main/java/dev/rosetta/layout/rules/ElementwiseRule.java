package dev.rosetta.layout.rules;

import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Value;
import java.util.Set;

/**
 * Elementwise ops: unary activations and broadcasting binary/variadic ops. They work in any
 * layout, so the rewrite only reads activation inputs in the target layout, re-lays constant
 * operands that broadcast against the map ({@link Broadcast}), and retags every output (each has
 * the map's shape, whatever its tag said).
 * Scalar parameters (Clip's min/max, Dropout's ratio) are left alone.
 */
final class ElementwiseRule implements OpRule {
    static final Set<String> UNARY = Set.of("Relu", "LeakyRelu", "Sigmoid", "Tanh", "Clip", "Elu", "Selu", "Celu",
            "HardSigmoid", "HardSwish", "Softplus", "Softsign", "Neg", "Abs", "Exp", "Log", "Sqrt", "Reciprocal",
            "Floor", "Ceil", "Round", "Sign", "Erf", "Gelu", "Mish", "Identity", "Dropout", "Cast", "Not", "IsNaN",
            "IsInf", "ThresholdedRelu", "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh", "Asinh", "Acosh",
            "Atanh", "Shrink", "BitwiseNot");
    static final Set<String> BROADCASTING = Set.of("Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Sum", "Mean",
            "Equal", "Less", "LessOrEqual", "Greater", "GreaterOrEqual", "And", "Or", "Xor", "Where", "Mod", "PRelu",
            "BitShift", "BitwiseAnd", "BitwiseOr", "BitwiseXor");

    /** Inputs past the first that are scalar parameters, not broadcast operands. */
    private static boolean isScalarParameter(Node n, int i) {
        return i > 0 && UNARY.contains(n.opType());
    }

    @Override
    public String refusal(Node n, RewriteContext ctx) {
        Object common = Activations.commonLayout(n, ctx);
        if (common instanceof String why) {
            return why;
        }
        int rank = ((Layout) common).rank();
        for (int i = 0; i < n.inputs().size(); i++) {
            Value v = n.input(i);
            if (v == null || ctx.isActivation(v) || isScalarParameter(n, i)) {
                continue;
            }
            if (v.isConstant()) {
                if (v.constant().rank() > rank) {
                    return "its constant operand '" + v.name() + "' has more axes than the map";
                }
            } else if (!v.shape().hasRank() || v.shape().rank() != 0) {
                return "its operand '" + v.name() + "' is a run-time value of unknown layout";
            }
        }
        return null;
    }

    @Override
    public void rewrite(Node n, RewriteContext ctx) {
        Layout src = Activations.useAllTarget(n, ctx);
        int rank = src.rank();
        Layout target = ctx.direction().target(src);
        for (int i = 0; i < n.inputs().size(); i++) {
            Value v = n.input(i);
            if (v == null || !v.isConstant() || isScalarParameter(n, i) || v.constant().rank() == 0) {
                continue;
            }
            ctx.transformConstant(n, i, Broadcast.of(v.constant().shape(), rank, ctx.perm(rank), src, target),
                    v.layout() == Layout.UNKNOWN ? Layout.NONE : v.layout(),
                    n.opType() + " '" + n.name() + "' broadcasts it against a " + target.axes() + " map");
        }
        for (Value out : n.outputs()) {
            ctx.convertOutput(out, src);
        }
    }
}
