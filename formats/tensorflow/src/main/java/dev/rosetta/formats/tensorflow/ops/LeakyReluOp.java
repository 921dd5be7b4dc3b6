package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.formats.tensorflow.graph.TfNode;
import dev.rosetta.ir.Attribute;
import java.util.Map;

/** {@code LeakyRelu}: ONNX {@code LeakyRelu} with TensorFlow's {@code alpha} (default 0.2, ONNX's is 0.01). */
final class LeakyReluOp extends UnaryOp {
    LeakyReluOp() {
        super("LeakyRelu", "LeakyRelu");
    }

    @Override
    Map<String, Attribute> attributes(TfNode node, ImportContext ctx) {
        return Map.of("alpha", new Attribute.Float(TfAttrs.real(node, "alpha", 0.2f)));
    }
}
