package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.Node;
import java.util.List;

/** {@code CastLike} (x to the type of a second input): TensorFlow's {@code Cast} to that type, known when writing. */
final class CastLikeEmitter implements TfEmitter {
    @Override
    public List<String> opTypes() {
        return List.of("CastLike");
    }

    @Override
    public String check(Node n, EmitContext ctx) {
        return n.input(1) == null || n.input(1).dtype() == null ? "a target type that is not known when writing" : null;
    }

    @Override
    public void emit(Node n, EmitContext ctx) {
        ctx.out(n, 0, ctx.op("Cast", n.name()).addInput(ctx.in(n, 0))
                .setAttr("DstT", TfTensorConversion.dataType(n.input(1).dtype())).build().output(0));
    }
}
