package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.Node;
import java.util.List;

/** {@code Transpose}: TensorFlow's {@code Transpose} with {@code perm} (reversed axes when absent and the rank is known). */
final class TransposeEmitter implements TfEmitter {
    @Override
    public List<String> opTypes() {
        return List.of("Transpose");
    }

    @Override
    public String check(Node n, EmitContext ctx) {
        return perm(n) == null ? "no perm and an input of unknown rank" : null;
    }

    private static long[] perm(Node n) {
        long[] p = n.attrInts("perm", null);
        if (p == null && n.input(0).shape().hasRank()) {
            int r = n.input(0).shape().rank();
            p = new long[r];
            for (int i = 0; i < r; i++) {
                p[i] = r - 1 - i;
            }
        }
        return p;
    }

    @Override
    public void emit(Node n, EmitContext ctx) {
        ctx.out(n, 0, ctx.op("Transpose", n.name()).addInput(ctx.in(n, 0))
                .addInput(ctx.int32s(perm(n), n.name() + "/perm")).build().output(0));
    }
}
