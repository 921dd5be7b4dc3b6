package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.formats.tensorflow.graph.TfNode;
import dev.rosetta.ir.Value;
import java.util.List;
import java.util.Map;

/**
 * {@code SelectV2} (condition, x, y with numpy broadcasting): ONNX {@code Where}. The old
 * {@code Select}, whose rank-1 condition picks whole rows, is a different function and is not mapped.
 */
final class SelectOp implements TfOpMapping {
    @Override
    public List<String> opTypes() {
        return List.of("SelectV2");
    }

    @Override
    public void importNode(TfNode node, ImportContext ctx) {
        Value x = ctx.input(node, 1);
        Value y = ctx.emit(node, "Where", List.of(ctx.input(node, 0), x, ctx.input(node, 2)), Map.of());
        ImportContext.tag(y, x.layout());
    }
}
