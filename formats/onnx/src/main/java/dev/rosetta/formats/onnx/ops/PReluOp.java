package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.util.List;

/**
 * {@code PRelu}. Before opset 7 a 1-D slope of C values applied per channel (axis 1); since then
 * slope broadcasts numpy-style. The importer reshapes such a constant slope to {@code [C, 1, ...]}.
 */
public final class PReluOp extends PassThroughOp {
    public PReluOp() {
        super("PRelu", Infer.SAME);
    }

    @Override
    public void importNode(OnnxNode node, ImportContext ctx) {
        Value x = node.input(0);
        Value slope = node.input(1);
        Tensor c = ctx.constant(slope);
        if (node.opset() < 7 && c != null && c.rank() == 1 && c.elementCount() > 1
                && x.shape().hasRank() && x.shape().rank() >= 3) {
            long[] shape = new long[x.shape().rank() - 1];
            java.util.Arrays.fill(shape, 1);
            shape[0] = c.elementCount();
            slope = ctx.addConstant(slope.name() + "_per_channel", c.reshape(shape));
        }
        ctx.emit(node.name(), "PRelu", List.of(x, slope), node.attributesWithout("consumed_inputs"), List.of(node.output(0)));
    }
}
