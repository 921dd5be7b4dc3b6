package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.Node;
import java.util.List;

/** {@code Where} (condition, x, y; numpy broadcasting): TensorFlow's {@code SelectV2}, which broadcasts alike. */
final class WhereEmitter implements TfEmitter {
    @Override
    public List<String> opTypes() {
        return List.of("Where");
    }

    @Override
    public void emit(Node n, EmitContext ctx) {
        ctx.out(n, 0, ctx.op("SelectV2", n.name()).addInput(ctx.in(n, 0)).addInput(ctx.in(n, 1))
                .addInput(ctx.in(n, 2)).build().output(0));
    }
}
