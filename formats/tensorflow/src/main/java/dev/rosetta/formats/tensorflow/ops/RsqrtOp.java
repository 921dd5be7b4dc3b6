package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.formats.tensorflow.graph.TfNode;
import dev.rosetta.ir.Value;
import java.util.List;
import java.util.Map;

/** {@code Rsqrt} (unfused batch-norm arithmetic): {@code Reciprocal(Sqrt(x))}, ONNX having no rsqrt. */
final class RsqrtOp implements TfOpMapping {
    @Override
    public List<String> opTypes() {
        return List.of("Rsqrt");
    }

    @Override
    public void importNode(TfNode node, ImportContext ctx) {
        Value x = ctx.input(node, 0);
        Value s = ctx.emitHelper(node, "sqrt", "Sqrt", List.of(x), Map.of());
        ImportContext.tag(ctx.emit(node, "Reciprocal", List.of(s), Map.of()), x.layout());
    }
}
