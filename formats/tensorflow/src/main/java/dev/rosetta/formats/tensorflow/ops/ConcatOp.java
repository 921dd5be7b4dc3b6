package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.formats.tensorflow.graph.TfNode;
import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ConcatV2} (axis last) and {@code Concat} (axis first) with a constant axis: ONNX
 * {@code Concat}.
 */
final class ConcatOp implements TfOpMapping {
    @Override
    public List<String> opTypes() {
        return List.of("ConcatV2", "Concat");
    }

    @Override
    public void importNode(TfNode node, ImportContext ctx) {
        int n = ctx.inputCount(node);
        boolean v2 = node.op().equals("ConcatV2");
        long[] axis = ctx.requireInts(node, v2 ? n - 1 : 0, "axis");
        if (axis.length != 1) {
            throw ctx.malformed(node, "expected a scalar axis, found " + axis.length + " values");
        }
        List<Value> values = new ArrayList<>();
        for (int i = v2 ? 0 : 1; i < (v2 ? n - 1 : n); i++) {
            values.add(ctx.input(node, i));
        }
        Value y = ctx.emit(node, "Concat", values, Map.of("axis", new Attribute.Int(axis[0])));
        ImportContext.tag(y, values.get(0).layout());
    }
}
