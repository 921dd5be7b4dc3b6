package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.ir.Attribute;
import java.util.Map;

/**
 * {@code Softmax}/{@code LogSoftmax}: over the last axis, ONNX {@code Softmax}/{@code LogSoftmax}
 * with {@code axis = -1} (opset 13+ semantics: one axis).
 */
final class SoftmaxOp extends UnaryOp {
    SoftmaxOp(String op) {
        super(op, op, Map.of("axis", new Attribute.Int(-1)));
    }
}
