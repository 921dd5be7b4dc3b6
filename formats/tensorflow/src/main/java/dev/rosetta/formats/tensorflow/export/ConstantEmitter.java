package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Node;
import java.util.List;

/** {@code Constant} with a tensor {@code value}: TensorFlow's {@code Const}. */
final class ConstantEmitter implements TfEmitter {
    @Override
    public List<String> opTypes() {
        return List.of("Constant");
    }

    @Override
    public String check(Node n, EmitContext ctx) {
        return n.attribute("value") instanceof Attribute.TensorValue ? null : "a value that is not a tensor attribute";
    }

    @Override
    public void emit(Node n, EmitContext ctx) {
        ctx.out(n, 0, ctx.constant(((Attribute.TensorValue) n.attribute("value")).value(), n.name()));
    }
}
