package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.Attribute;
import java.util.List;
import java.util.Map;

/**
 * {@code BatchNormalization} at inference: {@code epsilon} (and {@code momentum}, unused) are
 * kept; the legacy {@code is_test}/{@code spatial}/{@code consumed_inputs} attributes go. Training
 * mode, {@code spatial=0} and a used running-statistics output are not supported.
 */
public final class BatchNormalizationOp extends PassThroughOp {
    public BatchNormalizationOp() {
        super("BatchNormalization", Infer.SAME);
    }

    @Override
    public void importNode(OnnxNode node, ImportContext ctx) {
        if (node.opset() < 9 && node.attrInt("spatial", 1) == 0) {
            throw ctx.unsupported(node, "spatial=0 (per-activation statistics)");
        }
        if (node.attrInt("training_mode", 0) != 0) {
            throw ctx.unsupported(node, "training_mode=1");
        }
        for (int i = 1; i < node.outputs().size(); i++) {
            if (node.hasOutput(i) && ctx.isUsed(node.output(i))) {
                throw ctx.unsupported(node, "its running statistics output '" + node.output(i) + "' is used");
            }
        }
        Map<String, Attribute> attrs = node.attributesWithout("consumed_inputs", "is_test", "spatial", "training_mode");
        ctx.emit(node.name(), "BatchNormalization", node.inputs(), attrs, List.of(node.output(0)));
    }
}
