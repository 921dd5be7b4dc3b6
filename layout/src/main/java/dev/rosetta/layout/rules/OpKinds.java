package dev.rosetta.layout.rules;

import java.util.Set;

/** Which layout-relevant family an ONNX op type belongs to, for passes outside this package. */
public final class OpKinds {
    /** Ops that keep every axis (input 0 and outputs share shape and layout). */
    private static final Set<String> SHAPE_KEEPING = Set.of("Concat", "Split", "Softmax", "LogSoftmax", "Hardmax",
            "LpNormalization", "Pad", "Resize", "Upsample", "Slice", "LRN");

    private OpKinds() {
    }

    /** Spatial ops that carry a {@code layout} attribute. */
    public static boolean isSpatial(String op) {
        return SpatialRule.OPS.contains(op) || op.equals("Pad") || op.equals("Resize") || op.equals("Upsample");
    }

    /** Unary elementwise ops (output has the shape of input 0; other inputs are scalar parameters). */
    public static boolean isUnaryElementwise(String op) {
        return ElementwiseRule.UNARY.contains(op);
    }

    /** Elementwise ops that broadcast several operands. */
    public static boolean isBroadcasting(String op) {
        return ElementwiseRule.BROADCASTING.contains(op);
    }

    /** Ops whose outputs keep input 0's rank and axis meaning (not counting reductions). */
    public static boolean keepsAxes(String op) {
        return SHAPE_KEEPING.contains(op) || isUnaryElementwise(op);
    }
}
