package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.Node;
import java.util.List;
import org.tensorflow.Output;

/**
 * {@code Gemm}: {@code MatMul} with {@code transpose_a}/{@code transpose_b} from
 * {@code transA}/{@code transB}, scaled by {@code alpha}, plus {@code beta * C} ({@code BiasAdd}
 * for a vector {@code C}).
 */
final class GemmEmitter implements TfEmitter {
    @Override
    public List<String> opTypes() {
        return List.of("Gemm");
    }

    @Override
    public void emit(Node n, EmitContext ctx) {
        Output<?> y = ctx.op("MatMul", n.input(2) == null ? n.name() : n.name() + "/matmul").addInput(ctx.in(n, 0))
                .addInput(ctx.in(n, 1)).setAttr("transpose_a", n.attrInt("transA", 0) != 0)
                .setAttr("transpose_b", n.attrInt("transB", 0) != 0).build().output(0);
        float alpha = n.attrFloat("alpha", 1f);
        if (alpha != 1f) {
            y = ctx.op("Mul", n.name() + "/alpha").addInput(y)
                    .addInput(ctx.scalar(alpha, n.input(0).dtype(), n.name() + "/alpha_value")).build().output(0);
        }
        if (n.input(2) != null) {
            Output<?> c = ctx.in(n, 2);
            float beta = n.attrFloat("beta", 1f);
            if (beta != 1f) {
                c = ctx.op("Mul", n.name() + "/beta").addInput(c)
                        .addInput(ctx.scalar(beta, n.input(0).dtype(), n.name() + "/beta_value")).build().output(0);
            }
            boolean vector = n.input(2).shape().hasRank() && n.input(2).shape().rank() == 1;
            y = ctx.op(vector ? "BiasAdd" : "AddV2", n.name()).addInput(y).addInput(c).build().output(0);
        }
        ctx.out(n, 0, y);
    }
}
