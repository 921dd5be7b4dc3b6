package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.Node;
import java.util.List;
import org.tensorflow.Output;

/**
 * {@code ThresholdedRelu} (x where x &gt; alpha, else 0; ONNX default alpha 1): TensorFlow has no
 * such op, so {@code SelectV2(Greater(x, alpha), x, ZerosLike(x))}.
 */
final class ThresholdedReluEmitter implements TfEmitter {
    @Override
    public List<String> opTypes() {
        return List.of("ThresholdedRelu");
    }

    @Override
    public void emit(Node n, EmitContext ctx) {
        Output<?> x = ctx.in(n, 0);
        Output<?> alpha = ctx.scalar(n.attrFloat("alpha", 1f), n.input(0).dtype(), n.name() + "/alpha");
        Output<?> above = ctx.op("Greater", n.name() + "/above").addInput(x).addInput(alpha).build().output(0);
        Output<?> zeros = ctx.op("ZerosLike", n.name() + "/zeros").addInput(x).build().output(0);
        ctx.out(n, 0, ctx.op("SelectV2", n.name()).addInput(above).addInput(x).addInput(zeros).build().output(0));
    }
}
