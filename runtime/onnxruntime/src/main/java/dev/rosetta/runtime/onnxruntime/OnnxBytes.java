package dev.rosetta.runtime.onnxruntime;

import dev.rosetta.formats.onnx.OnnxFormat;
import dev.rosetta.ir.Model;

/**
 * An IR model serialized as ONNX in memory by the ONNX format module ({@link OnnxFormat#toBytes}),
 * at opset 17 (the IR's reference semantics) or the model's own opset when newer (up to 21).
 */
final class OnnxBytes {
    static final int DEFAULT_OPSET = 17;
    static final int MAX_OPSET = 21;

    private OnnxBytes() {
    }

    /**
     * @throws dev.rosetta.error.UnsupportedFeatureException when the writer cannot express the model
     */
    static byte[] write(Model model) {
        long declared = model.opsetImports().getOrDefault("", model.opsetImports().getOrDefault("ai.onnx", 0L));
        int opset = (int) Math.max(DEFAULT_OPSET, Math.min(MAX_OPSET, declared));
        return OnnxFormat.toBytes(model, opset);
    }
}
