package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.Node;

/** {@code Selu}: TensorFlow's {@code Selu}, with ONNX's default alpha and gamma only. */
final class SeluEmitter extends UnaryEmitter {
    SeluEmitter() {
        super("Selu", "Selu");
    }

    @Override
    public String check(Node n, EmitContext ctx) {
        boolean defaults = Math.abs(n.attrFloat("alpha", 1.67326319f) - 1.67326319f) < 1e-6
                && Math.abs(n.attrFloat("gamma", 1.05070102f) - 1.05070102f) < 1e-6;
        return defaults ? null : "alpha/gamma other than the standard SELU constants";
    }
}
