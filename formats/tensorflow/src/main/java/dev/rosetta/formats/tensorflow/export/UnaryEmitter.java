package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.Node;
import java.util.List;

/**
 * The shared base of IR ops that are one TensorFlow op of input 0 ({@code Relu} → {@code Relu},
 * {@code Dropout} → {@code Identity}, ...), registered one line each in {@link TfEmitters}.
 */
class UnaryEmitter implements TfEmitter {
    private final String irOp;
    private final String tfOp;

    UnaryEmitter(String irOp, String tfOp) {
        this.irOp = irOp;
        this.tfOp = tfOp;
    }

    @Override
    public List<String> opTypes() {
        return List.of(irOp);
    }

    @Override
    public void emit(Node n, EmitContext ctx) {
        ctx.out(n, 0, ctx.op(tfOp, n.name()).addInput(ctx.in(n, 0)).build().output(0));
    }
}
