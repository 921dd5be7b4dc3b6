package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.formats.tensorflow.graph.TfNode;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code AddN}: ONNX {@code Sum} of every input (one input passes through). */
final class AddNOp implements TfOpMapping {
    @Override
    public List<String> opTypes() {
        return List.of("AddN");
    }

    @Override
    public void importNode(TfNode node, ImportContext ctx) {
        List<Value> in = new ArrayList<>();
        for (int i = 0; i < ctx.inputCount(node); i++) {
            in.add(ctx.input(node, i));
        }
        if (in.size() == 1) {
            ctx.bind(node, 0, in.get(0));
            return;
        }
        ImportContext.tag(ctx.emit(node, "Sum", in, Map.of()), in.get(0).layout());
    }
}
