package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import java.util.List;

/**
 * {@code Reshape} with the shape attribute: TensorFlow's {@code Reshape}. ONNX's 0 ("copy this
 * dimension") is replaced by the input's static size; a zero it cannot resolve is refused.
 */
final class ReshapeEmitter implements TfEmitter {
    @Override
    public List<String> opTypes() {
        return List.of("Reshape");
    }

    @Override
    public String check(Node n, EmitContext ctx) {
        long[] shape = n.attrInts("shape", null);
        if (shape == null) {
            return "a shape computed at run time";
        }
        return resolve(n, shape) == null ? "a 0 (copy) in shape whose input dimension is unknown" : null;
    }

    static long[] resolve(Node n, long[] shape) {
        if (n.attrInt("allowzero", 0) != 0) {
            return shape;
        }
        long[] out = shape.clone();
        Shape in = n.input(0).shape();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0) {
                if (!in.hasRank() || i >= in.rank() || !in.dim(i).isFixed()) {
                    return null;
                }
                out[i] = ((Dim.Fixed) in.dim(i)).size();
            }
        }
        return out;
    }

    @Override
    public void emit(Node n, EmitContext ctx) {
        long[] shape = resolve(n, n.attrInts("shape", null));
        ctx.out(n, 0, ctx.op("Reshape", n.name()).addInput(ctx.in(n, 0))
                .addInput(ctx.int64s(shape, n.name() + "/shape")).build().output(0));
    }
}
