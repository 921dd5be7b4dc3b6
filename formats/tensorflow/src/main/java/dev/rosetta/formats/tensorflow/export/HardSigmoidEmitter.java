package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.DType;
import dev.rosetta.ir.Node;
import java.util.List;
import org.tensorflow.Output;

/**
 * {@code HardSigmoid} (ONNX: {@code max(0, min(1, alpha * x + beta))}, alpha 0.2 and beta 0.5 by
 * default, Keras 2's {@code hard_sigmoid}): TensorFlow has no such op, so {@code Mul}, {@code AddV2},
 * {@code Minimum} with 1 and {@code Maximum} with 0.
 */
final class HardSigmoidEmitter implements TfEmitter {
    @Override
    public List<String> opTypes() {
        return List.of("HardSigmoid");
    }

    @Override
    public void emit(Node n, EmitContext ctx) {
        DType t = n.input(0).dtype();
        Output<?> scaled = ctx.op("Mul", n.name() + "/scaled").addInput(ctx.in(n, 0))
                .addInput(ctx.scalar(n.attrFloat("alpha", 0.2f), t, n.name() + "/alpha")).build().output(0);
        Output<?> shifted = ctx.op("AddV2", n.name() + "/shifted").addInput(scaled)
                .addInput(ctx.scalar(n.attrFloat("beta", 0.5f), t, n.name() + "/beta")).build().output(0);
        Output<?> below = ctx.op("Minimum", n.name() + "/at_most_one").addInput(shifted)
                .addInput(ctx.scalar(1, t, n.name() + "/one")).build().output(0);
        ctx.out(n, 0, ctx.op("Maximum", n.name()).addInput(below).addInput(ctx.scalar(0, t, n.name() + "/zero"))
                .build().output(0));
    }
}
