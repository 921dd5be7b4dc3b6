package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.Node;

/** {@code Elu}: TensorFlow's {@code Elu}, whose alpha is fixed at 1. */
final class EluEmitter extends UnaryEmitter {
    EluEmitter() {
        super("Elu", "Elu");
    }

    @Override
    public String check(Node n, EmitContext ctx) {
        return n.attrFloat("alpha", 1f) == 1f ? null : "alpha " + n.attrFloat("alpha", 1f) + " (TensorFlow's Elu has 1)";
    }
}
