package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.Node;
import java.util.List;
import org.tensorflow.Output;

/**
 * {@code Elu}: TensorFlow's {@code Elu}, whose alpha is fixed at 1. Another alpha (a Keras
 * {@code ELU(alpha=0.7)}) is {@code Relu(x) + alpha * Minimum(Elu(x), 0)}: for x &gt; 0 that is
 * x + 0, for x &le; 0 it is 0 + alpha * (e^x - 1), which is ELU's definition term by term.
 */
final class EluEmitter implements TfEmitter {
    @Override
    public List<String> opTypes() {
        return List.of("Elu");
    }

    @Override
    public void emit(Node n, EmitContext ctx) {
        float alpha = n.attrFloat("alpha", 1f);
        Output<?> x = ctx.in(n, 0);
        if (alpha == 1f) {
            ctx.out(n, 0, ctx.op("Elu", n.name()).addInput(x).build().output(0));
            return;
        }
        Output<?> elu = ctx.op("Elu", n.name() + "/elu").addInput(x).build().output(0);
        Output<?> zero = ctx.scalar(0, n.input(0).dtype(), n.name() + "/zero");
        Output<?> negative = ctx.op("Minimum", n.name() + "/negative_part").addInput(elu).addInput(zero)
                .build().output(0);
        Output<?> scaled = ctx.op("Mul", n.name() + "/scaled").addInput(negative)
                .addInput(ctx.scalar(alpha, n.input(0).dtype(), n.name() + "/alpha")).build().output(0);
        Output<?> positive = ctx.op("Relu", n.name() + "/positive_part").addInput(x).build().output(0);
        ctx.out(n, 0, ctx.op("AddV2", n.name()).addInput(positive).addInput(scaled).build().output(0));
    }
}
