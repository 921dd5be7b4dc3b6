package dev.rosetta.layout.rules;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;

/**
 * An integer-vector parameter (axes, pads, perm, shape) that the IR keeps as an attribute but
 * that some opsets pass as a constant input: read from either, written back to the same place.
 *
 * @param attribute the attribute name
 * @param input the input index of the constant form, or -1 when the op has none
 */
record Params(String attribute, int input) {

    /** Where the parameter is on {@code n}: "attribute", "input", "runtime" or "absent". */
    String where(Node n) {
        if (n.attribute(attribute) != null) {
            return "attribute";
        }
        Value v = input < 0 ? null : n.input(input);
        if (v == null) {
            return "absent";
        }
        return v.isConstant() ? "input" : "runtime";
    }

    /** The values, or {@code null} when absent or computed at run time. */
    long[] read(Node n) {
        if (n.attribute(attribute) != null) {
            return n.attrInts(attribute, null);
        }
        Value v = input < 0 ? null : n.input(input);
        return v != null && v.isConstant() ? v.constant().toLongArray() : null;
    }

    /** Writes {@code values} back where they were read from (the attribute when absent). */
    void write(Node n, long[] values, RewriteContext ctx) {
        Value v = input < 0 ? null : n.input(input);
        if (n.attribute(attribute) == null && v != null && v.isConstant()) {
            DType t = v.constant().dtype();
            ctx.replaceParameter(n, input, t == DType.INT32 ? ints(values) : Tensor.ofLongs(new long[] {values.length}, values));
        } else {
            n.setAttribute(attribute, new Attribute.Ints(values));
        }
    }

    private static Tensor ints(long[] values) {
        int[] v = new int[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.toIntExact(values[i]);
        }
        return Tensor.ofInts(new long[] {v.length}, v);
    }
}
