package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.formats.tensorflow.graph.TfNode;
import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Value;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code Transpose} with a constant permutation: ONNX {@code Transpose} with {@code perm}, which
 * must order each axis of the input once (a hostile perm of {@code [33554432, ...]} is refused, not
 * followed out of the shape).
 */
final class TransposeOp implements TfOpMapping {
    @Override
    public List<String> opTypes() {
        return List.of("Transpose");
    }

    @Override
    public void importNode(TfNode node, ImportContext ctx) {
        long[] perm = ctx.requireInts(node, 1, "perm");
        Value x = ctx.input(node, 0);
        if (x.shape().hasRank() && perm.length != x.shape().rank()) {
            throw ctx.malformed(node, "perm " + Arrays.toString(perm) + " for an input of rank " + x.shape().rank());
        }
        boolean[] seen = new boolean[perm.length];
        for (long p : perm) {
            if (p < 0 || p >= perm.length || seen[(int) p]) {
                throw ctx.malformed(node, "perm " + Arrays.toString(perm) + " is not a permutation of the axes");
            }
            seen[(int) p] = true;
        }
        ctx.emit(node, "Transpose", List.of(x), Map.of("perm", new Attribute.Ints(perm)));
    }
}
