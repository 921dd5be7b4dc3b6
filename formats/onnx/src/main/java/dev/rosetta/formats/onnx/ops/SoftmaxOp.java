package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Value;
import java.util.List;
import java.util.Map;

/**
 * {@code Softmax}, {@code LogSoftmax} and {@code Hardmax}: since opset 13 they work along one axis
 * (default -1), the IR's meaning. Before, the input was coerced to 2-D at {@code axis} (default 1)
 * and normalized over the flattened tail; the importer keeps the op when {@code axis} is the last
 * axis (the same thing) and otherwise emits Flatten, the op on axis -1, and a Reshape back.
 */
public final class SoftmaxOp extends PassThroughOp {
    public SoftmaxOp(String opType) {
        super(opType, Infer.SAME);
    }

    @Override
    public void importNode(OnnxNode node, ImportContext ctx) {
        Value x = node.input(0);
        if (node.opset() >= 13) {
            super.importNode(node, ctx);
            return;
        }
        long axis = node.attrInt("axis", 1);
        if (x.shape().hasRank() && Infer.axis(axis, x.shape().rank()) == x.shape().rank() - 1) {
            ctx.emitSingle(node, opType(), List.of(x), Map.of("axis", new Attribute.Int(-1)));
            return;
        }
        Value flat = ctx.emit(node.name() + "_flatten", "Flatten", List.of(x), Map.of("axis", new Attribute.Int(axis)),
                List.of(ctx.freshName(node.output(0) + "_2d"))).get(0);
        Value soft = ctx.emit(node.name(), opType(), List.of(flat), Map.of("axis", new Attribute.Int(-1)),
                List.of(ctx.freshName(node.output(0) + "_flat"))).get(0);
        Value shape = ctx.emit(node.name() + "_shape", "Shape", List.of(x), Map.of(),
                List.of(ctx.freshName(x.name() + "_shape"))).get(0);
        ReshapeOp.emitReshape(ctx, node.name() + "_reshape", soft, shape, 0, node.output(0));
    }
}
