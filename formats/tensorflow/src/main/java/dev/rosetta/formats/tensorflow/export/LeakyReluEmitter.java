package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.Node;
import java.util.List;

/** {@code LeakyRelu}: TensorFlow's {@code LeakyRelu} with {@code alpha} (ONNX default 0.01). */
final class LeakyReluEmitter implements TfEmitter {
    @Override
    public List<String> opTypes() {
        return List.of("LeakyRelu");
    }

    @Override
    public void emit(Node n, EmitContext ctx) {
        ctx.out(n, 0, ctx.op("LeakyRelu", n.name()).addInput(ctx.in(n, 0))
                .setAttr("alpha", n.attrFloat("alpha", 0.01f)).build().output(0));
    }
}
