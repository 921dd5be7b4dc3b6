package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.formats.tensorflow.bundle.TfDataTypes;
import dev.rosetta.formats.tensorflow.graph.TfNode;
import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Value;
import java.util.List;
import java.util.Map;

/** {@code Cast} to {@code DstT}: ONNX {@code Cast} with {@code to}, the IR type's ONNX code. */
final class CastOp implements TfOpMapping {
    @Override
    public List<String> opTypes() {
        return List.of("Cast");
    }

    @Override
    public void importNode(TfNode node, ImportContext ctx) {
        DType to = TfDataTypes.toIr(TfAttrs.type(node, "DstT"));
        if (to == null) {
            throw ctx.unsupported(node, "a cast to " + TfAttrs.type(node, "DstT") + ", which has no IR type");
        }
        Value x = ctx.input(node, 0);
        Value y = ctx.emit(node, "Cast", List.of(x), Map.of("to", new Attribute.Int(to.onnxCode())));
        y.setDtype(to);
        y.setShape(x.shape());
        ImportContext.tag(y, x.layout());
    }
}
