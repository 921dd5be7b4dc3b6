package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.DType;
import dev.rosetta.ir.Node;
import java.util.List;

/** {@code Cast}: TensorFlow's {@code Cast} to the type whose ONNX code {@code to} names. */
final class CastEmitter implements TfEmitter {
    @Override
    public List<String> opTypes() {
        return List.of("Cast");
    }

    @Override
    public String check(Node n, EmitContext ctx) {
        try {
            DType.fromOnnx((int) n.attrInt("to", 0));
            return null;
        } catch (IllegalArgumentException e) {
            return "target type " + n.attrInt("to", 0) + " has no IR type";
        }
    }

    @Override
    public void emit(Node n, EmitContext ctx) {
        DType to = DType.fromOnnx((int) n.attrInt("to", 0));
        ctx.out(n, 0, ctx.op("Cast", n.name()).addInput(ctx.in(n, 0))
                .setAttr("DstT", TfTensorConversion.dataType(to)).build().output(0));
    }
}
