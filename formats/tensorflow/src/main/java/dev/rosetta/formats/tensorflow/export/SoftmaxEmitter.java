package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.Node;
import java.util.List;

/** {@code Softmax}/{@code LogSoftmax} over the last axis (TensorFlow's only choice). */
final class SoftmaxEmitter implements TfEmitter {
    @Override
    public List<String> opTypes() {
        return List.of("Softmax", "LogSoftmax");
    }

    @Override
    public String check(Node n, EmitContext ctx) {
        long axis = n.attrInt("axis", -1);
        if (axis == -1) {
            return null;
        }
        var s = n.input(0).shape();
        return s.hasRank() && axis == s.rank() - 1 ? null : "axis " + axis + " (only the last axis)";
    }

    @Override
    public void emit(Node n, EmitContext ctx) {
        ctx.out(n, 0, ctx.op(n.opType(), n.name()).addInput(ctx.in(n, 0)).build().output(0));
    }
}
