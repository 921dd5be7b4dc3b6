package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.Node;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Output;

/**
 * {@code MaxPool} and {@code AveragePool} (2-D): TensorFlow's {@code MaxPool}/{@code AvgPool}.
 * Pads SAME cannot express are applied first with {@code PadV2} (-inf for max pooling; zeros for
 * an average that counts padding, {@code count_include_pad=1}). Dilated and ceil-mode pooling, and
 * an average over explicit pads that excludes them, have no TensorFlow op and are refused.
 */
final class PoolEmitter implements TfEmitter {
    @Override
    public List<String> opTypes() {
        return List.of("MaxPool", "AveragePool");
    }

    @Override
    public String check(Node n, EmitContext ctx) {
        String why = SpatialEmit.check(n, ctx);
        if (why != null) {
            return why;
        }
        if (n.attrInts("kernel_shape", null) == null || n.attrInts("kernel_shape", null).length != 2) {
            return "a kernel_shape that is not 2-D";
        }
        if (Arrays.stream(SpatialEmit.pair(n, "dilations", 1)).anyMatch(d -> d != 1)) {
            return "dilations";
        }
        if (n.attrInt("ceil_mode", 0) != 0) {
            return "ceil_mode=1";
        }
        if (n.outputs().size() > 1 && !n.output(1).uses().isEmpty()) {
            return "the Indices output";
        }
        SpatialEmit.Padding p = SpatialEmit.padding(n, n.attrInts("kernel_shape", null), SpatialEmit.pair(n, "strides", 1),
                new long[] {1, 1});
        if (p == null) {
            return "SAME_LOWER padding on an input of unknown size";
        }
        boolean countPads = n.attrInt("count_include_pad", 0) != 0;
        if (n.opType().equals("AveragePool") && !countPads && p.pads() != null) {
            return "an average that excludes explicit pads " + Arrays.toString(p.pads()) + " (only SAME-like pads)";
        }
        if (n.opType().equals("AveragePool") && countPads && p.padding().equals("SAME")) {
            return "count_include_pad=1 with SAME padding";
        }
        return null;
    }

    @Override
    public void emit(Node n, EmitContext ctx) {
        long[] kernel = n.attrInts("kernel_shape", null);
        long[] strides = SpatialEmit.pair(n, "strides", 1);
        SpatialEmit.Padding p = SpatialEmit.padding(n, kernel, strides, new long[] {1, 1});
        boolean max = n.opType().equals("MaxPool");
        Output<?> x = SpatialEmit.input(n, ctx);
        if (p.pads() != null) {
            x = SpatialEmit.pad(n, ctx, x, p.pads(), max ? Double.NEGATIVE_INFINITY : 0);
        }
        Output<?> y = ctx.op(max ? "MaxPool" : "AvgPool", n.name()).addInput(x)
                .setAttr("ksize", SpatialEmit.nhwc(kernel)).setAttr("strides", SpatialEmit.nhwc(strides))
                .setAttr("padding", p.padding()).setAttr("data_format", "NHWC").build().output(0);
        SpatialEmit.output(n, ctx, y);
    }
}
