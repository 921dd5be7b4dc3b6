package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.Node;
import java.util.List;

/** {@code Squeeze}: TensorFlow's {@code Squeeze} of the {@code axes} (every size-1 axis when absent). */
final class SqueezeEmitter implements TfEmitter {
    @Override
    public List<String> opTypes() {
        return List.of("Squeeze");
    }

    @Override
    public String check(Node n, EmitContext ctx) {
        return n.inputs().size() > 1 && n.input(1) != null ? "axes computed at run time" : null;
    }

    @Override
    public void emit(Node n, EmitContext ctx) {
        var b = ctx.op("Squeeze", n.name()).addInput(ctx.in(n, 0));
        long[] axes = n.attrInts("axes", null);
        if (axes != null) {
            b.setAttr("squeeze_dims", axes);
        }
        ctx.out(n, 0, b.build().output(0));
    }
}
