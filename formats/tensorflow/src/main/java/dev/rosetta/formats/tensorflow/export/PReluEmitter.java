package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.Node;
import java.util.List;
import org.tensorflow.Output;

/**
 * {@code PRelu} (x where x &ge; 0, else slope &middot; x, the slope broadcast against x as ONNX
 * broadcasts): TensorFlow has no such op, so {@code Relu(x) + slope * Minimum(x, 0)}, the form
 * Keras's own {@code PReLU} layer computes; the slope stays one variable.
 */
final class PReluEmitter implements TfEmitter {
    @Override
    public List<String> opTypes() {
        return List.of("PRelu");
    }

    @Override
    public void emit(Node n, EmitContext ctx) {
        Output<?> x = ctx.in(n, 0);
        Output<?> positive = ctx.op("Relu", n.name() + "/positive_part").addInput(x).build().output(0);
        Output<?> negative = ctx.op("Minimum", n.name() + "/negative_part").addInput(x)
                .addInput(ctx.scalar(0, n.input(0).dtype(), n.name() + "/zero")).build().output(0);
        Output<?> scaled = ctx.op("Mul", n.name() + "/scaled").addInput(ctx.in(n, 1)).addInput(negative)
                .build().output(0);
        ctx.out(n, 0, ctx.op("AddV2", n.name()).addInput(positive).addInput(scaled).build().output(0));
    }
}
