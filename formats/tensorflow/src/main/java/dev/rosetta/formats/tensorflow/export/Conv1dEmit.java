package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import org.tensorflow.Output;

/**
 * A 1-D {@code Conv} (rank-3 input, a Keras {@code Conv1D}) the way TensorFlow's own
 * {@code conv1d} builds it: the input gets a unit height ({@code ExpandDims}, NWC to N1WC), the
 * {@code [K, I, O]} kernel becomes a {@code [1, K, I, O]} HWIO filter (an OIW weight is permuted
 * first), a {@code Conv2D} with stride and dilation on the width, {@code Squeeze} of the height,
 * then {@code BiasAdd}. Pads that {@code SAME}/{@code VALID} do not say (a causal convolution's
 * left-only pad) go through an explicit {@code Pad}. Only ungrouped convolutions.
 */
final class Conv1dEmit {
    private static final int[] NCW_TO_NWC = {0, 2, 1};
    private static final int[] OIW_TO_WIO = {2, 1, 0};

    private Conv1dEmit() {
    }

    /** True for a convolution over one spatial axis. */
    static boolean applies(Node n) {
        Shape x = n.input(0).shape();
        return x.hasRank() && x.rank() == 3;
    }

    /** Why the 1-D convolution cannot be emitted, or {@code null}. */
    static String check(Node n, EmitContext ctx) {
        if (!SpatialEmit.channelsLast(n) && !ctx.transposeChannelsFirst()) {
            return "layout " + n.attrString("layout", "NCW") + " is channels-first; TensorFlow's CPU kernels need"
                    + " NWC, so run the layout pass to channels-last first (convert with the channels-last layout)";
        }
        Shape w = n.input(1).shape();
        if (!w.isStatic() || w.rank() != 3) {
            return "a weight of unknown or non-3-D shape " + w;
        }
        if (n.attrInt("group", 1) != 1) {
            return "group " + n.attrInt("group", 1) + " on a 1-D convolution (only ungrouped ones are written)";
        }
        return pads(n) == null && "SAME_LOWER".equals(n.attrString("auto_pad", "NOTSET"))
                ? "SAME_LOWER padding on an input of unknown width" : null;
    }

    static void emit(Node n, EmitContext ctx) {
        boolean channelsLast = SpatialEmit.channelsLast(n);
        Output<?> x = ctx.in(n, 0);
        if (!channelsLast) {
            x = ctx.transpose(x, NCW_TO_NWC, n.name() + "/to_nwc");
        }
        long stride = single(n, "strides");
        long dilation = single(n, "dilations");
        String auto = n.attrString("auto_pad", "NOTSET");
        String padding = "VALID";
        long[] pads = null;
        if (auto.equals("SAME_UPPER")) {
            padding = "SAME";
        } else if (!auto.equals("VALID")) {
            pads = pads(n);
        }
        Output<?> axis = ctx.constant(Tensor.ofInts(new long[0], 1), n.name() + "/height_axis");
        x = ctx.op("ExpandDims", n.name() + "/with_height").addInput(x).addInput(axis).build().output(0);
        if (pads != null && (pads[0] != 0 || pads[1] != 0)) {
            long[] paddings = {0, 0, 0, 0, pads[0], pads[1], 0, 0};
            Output<?> p = ctx.constant(Tensor.ofLongs(new long[] {4, 2}, paddings), n.name() + "/paddings");
            x = ctx.op("Pad", n.name() + "/pad").addInput(x).addInput(p).build().output(0);
        }
        long[] s = n.input(1).shape().toArray();
        boolean oiw = channelsFirstWeight(n);
        long[] hwio = oiw ? new long[] {1, s[2], s[1], s[0]} : new long[] {1, s[0], s[1], s[2]};
        Output<?> filter = ctx.permutedInput(n, 1, oiw ? OIW_TO_WIO : null, hwio);
        Output<?> y = ctx.op("Conv2D", n.name()).addInput(x).addInput(filter)
                .setAttr("strides", new long[] {1, 1, stride, 1}).setAttr("padding", padding)
                .setAttr("dilations", new long[] {1, 1, dilation, 1}).setAttr("data_format", "NHWC")
                .build().output(0);
        y = ctx.op("Squeeze", n.name() + "/squeeze").addInput(y)
                .setAttr("squeeze_dims", new long[] {1}).build().output(0);
        if (n.input(2) != null) {
            y = ctx.op("BiasAdd", n.name() + "/bias").addInput(y).addInput(ctx.in(n, 2))
                    .setAttr("data_format", "NHWC").build().output(0);
        }
        ctx.out(n, 0, channelsLast ? y : ctx.transpose(y, NCW_TO_NWC, n.name() + "/to_ncw"));
    }

    /**
     * The explicit pads {@code [begin, end]} along the width: ONNX {@code pads}, or for
     * {@code SAME_LOWER} those TensorFlow's SAME would put at the end moved to the start;
     * {@code null} for {@code SAME_LOWER} on an input of unknown width.
     */
    private static long[] pads(Node n) {
        if (!n.attrString("auto_pad", "NOTSET").equals("SAME_LOWER")) {
            return n.attrInts("pads", new long[2]);
        }
        Dim width = n.input(0).shape().dim(SpatialEmit.channelsLast(n) ? 1 : 2);
        if (!(width instanceof Dim.Fixed f)) {
            return null;
        }
        long k = n.input(1).shape().toArray()[channelsFirstWeight(n) ? 2 : 0];
        long stride = single(n, "strides");
        long reach = (k - 1) * single(n, "dilations") + 1;
        long total = Math.max(0, (Math.ceilDiv(f.size(), stride) - 1) * stride + reach - f.size());
        return new long[] {total - total / 2, total / 2};
    }

    /** Whether the weight is {@code [O, I, K]} (ONNX, PyTorch) rather than {@code [K, I, O]} (Keras). */
    private static boolean channelsFirstWeight(Node n) {
        Layout l = EmitContext.weightLayout(n.input(1), SpatialEmit.channelsLast(n), false);
        return l == Layout.OIW || l == Layout.OIHW;
    }

    private static long single(Node n, String key) {
        long[] v = n.attrInts(key, null);
        return v == null || v.length == 0 ? 1 : v[0];
    }
}
