package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.formats.tensorflow.graph.TfNode;
import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code FusedBatchNorm}, {@code V2}, {@code V3}. In inference mode ({@code is_training=false}):
 * ONNX {@code BatchNormalization} with {@code epsilon} and the {@code data_format} as
 * {@code layout}; outputs 1 and 2 (the batch mean and variance) are then the given mean and
 * variance. In training mode the batch statistics are computed with elementwise ops
 * ({@link TrainingBatchNorm}). The reserve-space outputs (3 and up) have no IR meaning.
 */
final class FusedBatchNormOp implements TfOpMapping {
    @Override
    public List<String> opTypes() {
        return List.of("FusedBatchNorm", "FusedBatchNormV2", "FusedBatchNormV3");
    }

    @Override
    public void importNode(TfNode node, ImportContext ctx) {
        Layout format = Spatial.format(node, ctx);
        if (TfAttrs.bool(node, "is_training", true)) {
            TrainingBatchNorm.importNode(node, ctx, format);
            return;
        }
        Value x = ctx.input(node, 0);
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        attrs.put("epsilon", new Attribute.Float(TfAttrs.real(node, "epsilon", 1e-4f)));
        attrs.put("layout", Spatial.layoutAttr(format));
        List<Value> in = List.of(x, ctx.input(node, 1), ctx.input(node, 2), ctx.input(node, 3), ctx.input(node, 4));
        ImportContext.tag(x, format);
        ImportContext.tag(ctx.emit(node, "BatchNormalization", in, attrs), format);
        ctx.bind(node, 1, in.get(3));
        ctx.bind(node, 2, in.get(4));
    }
}
