package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.DType;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;

/**
 * {@code Dropout} at inference: the identity. Its output becomes its input; a used {@code mask}
 * output becomes a constant of ones when the input's shape is known. Training mode with a non-zero
 * ratio (random output) is not supported.
 */
public final class DropoutOp extends PassThroughOp {
    public DropoutOp() {
        super("Dropout", Infer.SAME);
    }

    @Override
    public void importNode(OnnxNode node, ImportContext ctx) {
        Value x = node.input(0);
        if (node.opset() >= 12 && node.input(2) != null) {
            Tensor training = ctx.constant(node.input(2));
            if (training == null) {
                throw ctx.unsupported(node, "training_mode is not a constant");
            }
            if (training.getLong(0) != 0) {
                Tensor ratio = node.input(1) == null ? null : ctx.constant(node.input(1));
                if (ratio == null || ratio.getDouble(0) != 0) {
                    throw ctx.unsupported(node, "training_mode=true drops values at random");
                }
            }
        }
        ctx.alias(node.output(0), x);
        if (node.hasOutput(1) && ctx.isUsed(node.output(1))) {
            if (!x.shape().isStatic()) {
                throw ctx.unsupported(node, "its mask output is used and the input's shape is not known");
            }
            long[] shape = x.shape().toArray();
            double[] ones = new double[Math.toIntExact(Tensor.elementCount(shape))];
            java.util.Arrays.fill(ones, 1);
            ctx.defineConstant(node.output(1), Tensor.fromDoubles(DType.BOOL, shape, ones));
        }
    }
}
