package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.formats.tensorflow.graph.TfNode;
import dev.rosetta.ir.Attribute;
import java.util.List;
import java.util.Map;

/** {@code Squeeze}: ONNX {@code Squeeze} of {@code squeeze_dims} (every size-1 axis when empty). */
final class SqueezeOp implements TfOpMapping {
    @Override
    public List<String> opTypes() {
        return List.of("Squeeze");
    }

    @Override
    public void importNode(TfNode node, ImportContext ctx) {
        long[] dims = TfAttrs.ints(node, "squeeze_dims", TfAttrs.ints(node, "axis", new long[0]));
        ctx.emit(node, "Squeeze", List.of(ctx.input(node, 0)),
                dims.length == 0 ? Map.of() : Map.of("axes", new Attribute.Ints(dims)));
    }
}
