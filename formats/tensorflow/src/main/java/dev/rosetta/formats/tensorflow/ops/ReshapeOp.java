package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.formats.tensorflow.graph.TfNode;
import dev.rosetta.ir.Attribute;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code Reshape} with a constant shape: ONNX {@code Reshape} with the {@code shape} attribute.
 * TensorFlow's 0 is a real zero-sized dimension, so a shape holding one sets {@code allowzero=1}.
 */
final class ReshapeOp implements TfOpMapping {
    @Override
    public List<String> opTypes() {
        return List.of("Reshape");
    }

    @Override
    public void importNode(TfNode node, ImportContext ctx) {
        long[] shape = ctx.requireInts(node, 1, "shape");
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        attrs.put("shape", new Attribute.Ints(shape));
        if (Arrays.stream(shape).anyMatch(d -> d == 0)) {
            attrs.put("allowzero", new Attribute.Int(1));
        }
        ctx.emit(node, "Reshape", List.of(ctx.input(node, 0)), attrs);
    }
}
