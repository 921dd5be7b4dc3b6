package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Node;
import java.util.List;
import java.util.Map;

/** {@code HardSwish} (opset 14): below 14 it is written as {@code x * HardSigmoid(x, 1/6, 0.5)}. */
public final class HardSwishOp extends PassThroughOp {
    public HardSwishOp() {
        super("HardSwish", Infer.SAME);
    }

    @Override
    public void exportNode(Node node, ExportContext ctx) {
        if (ctx.opset() >= 14) {
            super.exportNode(node, ctx);
            return;
        }
        String x = ctx.name(node.input(0));
        String gate = ctx.freshName(ctx.name(node.output(0)) + "_gate");
        ctx.emit(node.name() + "_gate", "HardSigmoid", List.of(x), List.of(gate),
                Map.of("alpha", new Attribute.Float(1f / 6), "beta", new Attribute.Float(0.5f)));
        ctx.emit(node.name(), "Mul", List.of(x, gate), ctx.outputNames(node), Map.of());
    }
}
