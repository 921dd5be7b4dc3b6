package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.Node;
import java.util.List;
import org.tensorflow.Output;

/**
 * The shared base of broadcasting elementwise ops ({@code Add} → {@code AddV2}, {@code Div} →
 * {@code RealDiv}, ...); with more than two inputs ({@code Sum}, {@code Max}) they are chained.
 */
final class BinaryEmitter implements TfEmitter {
    private final String irOp;
    private final String tfOp;

    BinaryEmitter(String irOp, String tfOp) {
        this.irOp = irOp;
        this.tfOp = tfOp;
    }

    @Override
    public List<String> opTypes() {
        return List.of(irOp);
    }

    @Override
    public void emit(Node n, EmitContext ctx) {
        Output<?> y = ctx.in(n, 0);
        int count = n.inputs().size();
        for (int i = 1; i < count; i++) {
            y = ctx.op(tfOp, i == count - 1 ? n.name() : n.name() + "/" + i).addInput(y).addInput(ctx.in(n, i))
                    .build().output(0);
        }
        if (count == 1) {
            y = ctx.op("Identity", n.name()).addInput(y).build().output(0);
        }
        ctx.out(n, 0, y);
    }
}
