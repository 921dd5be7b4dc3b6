package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.formats.tensorflow.graph.TfNode;
import dev.rosetta.ir.Attribute;
import java.util.List;
import java.util.Map;

/**
 * {@code ExpandDims} with a constant axis: ONNX {@code Unsqueeze}. A negative axis counts from the
 * end of the output in both, so it passes unchanged.
 */
final class ExpandDimsOp implements TfOpMapping {
    @Override
    public List<String> opTypes() {
        return List.of("ExpandDims");
    }

    @Override
    public void importNode(TfNode node, ImportContext ctx) {
        long[] axis = ctx.requireInts(node, 1, "axis");
        if (axis.length != 1) {
            throw ctx.malformed(node, "expected one axis, found " + axis.length);
        }
        ctx.emit(node, "Unsqueeze", List.of(ctx.input(node, 0)), Map.of("axes", new Attribute.Ints(axis)));
    }
}
