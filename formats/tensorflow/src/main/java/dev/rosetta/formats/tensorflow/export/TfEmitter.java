package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.Node;
import java.util.List;

/**
 * How one IR op (ONNX semantics) becomes TensorFlow ops. {@link #check} reports what the emitter
 * cannot express before anything is built, so the builder can list every problem at once.
 */
interface TfEmitter {

    /** The IR op types this emitter handles. */
    List<String> opTypes();

    /** Why {@code node} cannot be emitted, or {@code null} when it can. */
    default String check(Node node, EmitContext ctx) {
        return null;
    }

    /** Emits {@code node}, binding its outputs in {@code ctx}. */
    void emit(Node node, EmitContext ctx);
}
