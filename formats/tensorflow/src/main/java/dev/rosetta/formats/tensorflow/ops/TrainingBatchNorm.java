package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.formats.tensorflow.graph.TfNode;
import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.util.List;
import java.util.Map;

/**
 * A {@code FusedBatchNorm*} node with {@code is_training=true}, as TensorFlow computes it, in
 * elementwise IR ops: the batch mean and (biased) variance over every axis but channels normalize
 * the input, in float32 (a float16 input is cast); output 1 is the batch mean and output 2 the
 * unbiased batch variance (times {@code n / (n - 1)}), each blended with the given running value
 * when {@code exponential_avg_factor} is not 1.
 */
final class TrainingBatchNorm {
    private TrainingBatchNorm() {
    }

    static void importNode(TfNode node, ImportContext ctx, Layout format) {
        Value x = ctx.input(node, 0);
        if (!x.shape().isStatic() || x.shape().rank() != 4) {
            throw ctx.unsupported(node, "training-mode batch norm on an input of unknown shape " + x.shape());
        }
        long[] s = x.shape().toArray();
        if (java.util.Arrays.stream(s).anyMatch(d -> d < 1)) {
            throw ctx.malformed(node, "training-mode batch norm on an empty input " + x.shape());
        }
        int c = format == Layout.NHWC ? 3 : 1;
        long[] axes = format == Layout.NHWC ? new long[] {0, 1, 2} : new long[] {0, 2, 3};
        long n;
        try {
            n = Math.multiplyExact(Math.multiplyExact(s[0], s[1]), Math.multiplyExact(s[2], s[3])) / s[c];
        } catch (ArithmeticException e) {
            throw ctx.malformed(node, "an input of " + x.shape() + " elements, more than a tensor can hold");
        }
        long[] paramShape = format == Layout.NHWC ? new long[] {s[3]} : new long[] {s[1], 1, 1};
        boolean half = x.dtype() != null && x.dtype() != DType.FLOAT32;
        Value xf = half ? helper(node, ctx, "cast_in", "Cast", List.of(x), Map.of("to", new Attribute.Int(1))) : x;
        Map<String, Attribute> reduce = Map.of("axes", new Attribute.Ints(axes), "keepdims", new Attribute.Int(1));
        Value mean = helper(node, ctx, "mean", "ReduceMean", List.of(xf), reduce);
        Value d = helper(node, ctx, "centered", "Sub", List.of(xf, mean), Map.of());
        Value sq = helper(node, ctx, "squared", "Mul", List.of(d, d), Map.of());
        Value var = helper(node, ctx, "variance", "ReduceMean", List.of(sq), reduce);
        float eps = TfAttrs.real(node, "epsilon", 1e-4f);
        Value shifted = helper(node, ctx, "variance_eps", "Add", List.of(var, scalar(node, ctx, "epsilon", eps)), Map.of());
        Value std = helper(node, ctx, "std", "Sqrt", List.of(shifted), Map.of());
        Value normalized = helper(node, ctx, "normalized", "Div", List.of(d, std), Map.of());
        Value scale = ctx.reshaped(node, ctx.input(node, 1), paramShape, Layout.UNKNOWN, "scale");
        Value offset = ctx.reshaped(node, ctx.input(node, 2), paramShape, Layout.UNKNOWN, "offset");
        Value scaled = helper(node, ctx, "scaled", "Mul", List.of(normalized, scale), Map.of());
        Value y;
        if (half) {
            Value yf = helper(node, ctx, "shifted", "Add", List.of(scaled, offset), Map.of());
            y = ctx.emit(node, "Cast", List.of(yf), Map.of("to", new Attribute.Int(x.dtype().onnxCode())));
        } else {
            y = ctx.emit(node, "Add", List.of(scaled, offset), Map.of());
        }
        ImportContext.tag(y, format);
        Map<String, Attribute> flat = Map.of("shape", new Attribute.Ints(new long[] {-1}));
        Value batchMean = helper(node, ctx, "batch_mean", "Reshape", List.of(mean), flat);
        Value batchVar = helper(node, ctx, "batch_variance_biased", "Reshape", List.of(var), flat);
        batchVar = helper(node, ctx, "batch_variance", "Mul", List.of(batchVar,
                scalar(node, ctx, "bessel", n > 1 ? (float) n / (n - 1) : 1f)), Map.of());
        float factor = TfAttrs.real(node, "exponential_avg_factor", 1f);
        if (factor != 1f) {
            batchMean = blend(node, ctx, "mean", ctx.input(node, 3), batchMean, factor);
            batchVar = blend(node, ctx, "variance", ctx.input(node, 4), batchVar, factor);
        }
        ctx.bind(node, 1, batchMean);
        ctx.bind(node, 2, batchVar);
    }

    private static Value blend(TfNode node, ImportContext ctx, String what, Value running, Value batch, float factor) {
        Value a = helper(node, ctx, what + "_old", "Mul", List.of(running, scalar(node, ctx, what + "_keep", 1 - factor)),
                Map.of());
        Value b = helper(node, ctx, what + "_new", "Mul", List.of(batch, scalar(node, ctx, what + "_factor", factor)),
                Map.of());
        return helper(node, ctx, what + "_blended", "Add", List.of(a, b), Map.of());
    }

    private static Value helper(TfNode node, ImportContext ctx, String suffix, String op, List<Value> in,
                                Map<String, Attribute> attrs) {
        return ctx.emitHelper(node, suffix, op, in, attrs);
    }

    private static Value scalar(TfNode node, ImportContext ctx, String suffix, float v) {
        return ctx.addConstant(node.name() + "/" + suffix, Tensor.ofFloats(new long[0], v), Layout.NONE);
    }
}
