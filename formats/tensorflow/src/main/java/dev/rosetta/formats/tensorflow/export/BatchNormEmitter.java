package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.DType;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.util.List;
import org.tensorflow.Output;

/**
 * {@code BatchNormalization} (inference): on a rank-4 image with float32 parameters,
 * {@code FusedBatchNormV3} ({@code is_training=false}) in NHWC; otherwise the arithmetic
 * {@code x * a + b} with {@code a = scale / sqrt(var + eps)} and {@code b = bias - mean * a}
 * (folded here when the parameters are constant), broadcast along the channel axis.
 */
final class BatchNormEmitter implements TfEmitter {
    @Override
    public List<String> opTypes() {
        return List.of("BatchNormalization");
    }

    @Override
    public String check(Node n, EmitContext ctx) {
        if (n.attrInt("training_mode", 0) != 0) {
            return "training_mode=1";
        }
        if (fused(n)) {
            return SpatialEmit.check(n, ctx);
        }
        for (int i = 1; i <= 4; i++) {
            if (!n.input(i).isConstant()) {
                return "non-constant parameters on a rank other than 4";
            }
        }
        if (!n.input(0).shape().hasRank()) {
            return "an input of unknown rank";
        }
        return null;
    }

    private static boolean fused(Node n) {
        Value x = n.input(0);
        if (!x.shape().hasRank() || x.shape().rank() != 4) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            if (n.input(i).dtype() != DType.FLOAT32) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void emit(Node n, EmitContext ctx) {
        float eps = n.attrFloat("epsilon", 1e-5f);
        if (fused(n)) {
            Output<?> x = SpatialEmit.input(n, ctx);
            var b = ctx.op("FusedBatchNormV3", n.name()).addInput(x);
            for (int i = 1; i <= 4; i++) {
                b.addInput(ctx.in(n, i));
            }
            Output<?> y = b.setAttr("epsilon", eps).setAttr("is_training", false).setAttr("data_format", "NHWC")
                    .setAttr("U", org.tensorflow.proto.DataType.DT_FLOAT).build().output(0);
            SpatialEmit.output(n, ctx, y);
            return;
        }
        double[] scale = n.input(1).constant().toDoubleArray();
        double[] bias = n.input(2).constant().toDoubleArray();
        double[] mean = n.input(3).constant().toDoubleArray();
        double[] var = n.input(4).constant().toDoubleArray();
        int c = scale.length;
        double[] a = new double[c];
        double[] b = new double[c];
        for (int i = 0; i < c; i++) {
            a[i] = scale[i] / Math.sqrt(var[i] + eps);
            b[i] = bias[i] - mean[i] * a[i];
        }
        int rank = n.input(0).shape().rank();
        long[] shape = new long[Math.max(1, rank - 1)];
        java.util.Arrays.fill(shape, 1);
        if (SpatialEmit.channelsLast(n) || rank <= 2) {
            shape[shape.length - 1] = c;
        } else {
            shape[0] = c;
        }
        DType t = n.input(0).dtype() == null ? DType.FLOAT32 : n.input(0).dtype();
        Output<?> ao = ctx.constantOrVariable(n.name() + "/multiplier", Tensor.fromDoubles(t, shape, a));
        Output<?> bo = ctx.constantOrVariable(n.name() + "/offset", Tensor.fromDoubles(t, shape, b));
        Output<?> y = ctx.op("Mul", n.name() + "/scale").addInput(ctx.in(n, 0)).addInput(ao).build().output(0);
        ctx.out(n, 0, ctx.op("AddV2", n.name()).addInput(y).addInput(bo).build().output(0));
    }
}
