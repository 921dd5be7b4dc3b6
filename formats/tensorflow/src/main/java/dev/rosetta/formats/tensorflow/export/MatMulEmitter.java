package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import java.util.List;

/** {@code MatMul}: {@code MatMul} for two matrices, {@code BatchMatMulV2} (broadcasting) otherwise. */
final class MatMulEmitter implements TfEmitter {
    @Override
    public List<String> opTypes() {
        return List.of("MatMul");
    }

    @Override
    public String check(Node n, EmitContext ctx) {
        Shape a = n.input(0).shape();
        Shape b = n.input(1).shape();
        if (a.hasRank() && a.rank() < 2 || b.hasRank() && b.rank() < 2) {
            return "a vector operand (rank 1)";
        }
        return null;
    }

    @Override
    public void emit(Node n, EmitContext ctx) {
        Shape a = n.input(0).shape();
        Shape b = n.input(1).shape();
        boolean plain = a.hasRank() && a.rank() == 2 && b.hasRank() && b.rank() == 2;
        ctx.out(n, 0, ctx.op(plain ? "MatMul" : "BatchMatMulV2", n.name()).addInput(ctx.in(n, 0))
                .addInput(ctx.in(n, 1)).build().output(0));
    }
}
