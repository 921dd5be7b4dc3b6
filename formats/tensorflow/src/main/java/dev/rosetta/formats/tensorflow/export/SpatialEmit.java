package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Value;
import java.util.Arrays;
import org.tensorflow.Output;

/**
 * What the spatial emitters share: TensorFlow's CPU kernels run NHWC, so a channels-last node maps
 * directly and a channels-first one is either refused (the writer: run the layout pass) or wrapped
 * in transposes (the runtime); and ONNX pads become {@code SAME}, {@code VALID} or an explicit
 * {@code Pad} before a {@code VALID} op.
 */
final class SpatialEmit {
    static final int[] TO_NHWC = {0, 2, 3, 1};
    static final int[] TO_NCHW = {0, 3, 1, 2};

    private SpatialEmit() {
    }

    /** True when the node's {@code layout} attribute is channels-last. */
    static boolean channelsLast(Node n) {
        String l = n.attrString("layout", "NCHW");
        return l.length() >= 3 && l.endsWith("C") && l.charAt(1) != 'C';
    }

    /** Why a spatial node cannot be emitted, or {@code null}: rank 4 only, channels-first only if transposing. */
    static String check(Node n, EmitContext ctx) {
        Value x = n.input(0);
        if (x.shape().hasRank() && x.shape().rank() != 4) {
            return "a rank-" + x.shape().rank() + " input (only 2-D spatial ops, rank 4, are written)";
        }
        if (!channelsLast(n) && !ctx.transposeChannelsFirst()) {
            return "layout " + n.attrString("layout", "NCHW") + " is channels-first; TensorFlow's CPU kernels need"
                    + " NHWC, so run the layout pass to channels-last first (convert with the channels-last layout)";
        }
        return null;
    }

    /** Input 0 in NHWC. */
    static Output<?> input(Node n, EmitContext ctx) {
        Output<?> x = ctx.in(n, 0);
        return channelsLast(n) ? x : ctx.transpose(x, TO_NHWC, n.name() + "/to_nhwc");
    }

    /** Binds output 0 from an NHWC result, transposing back for a channels-first node. */
    static void output(Node n, EmitContext ctx, Output<?> y) {
        ctx.out(n, 0, channelsLast(n) ? y : ctx.transpose(y, TO_NCHW, n.name() + "/to_nchw"));
    }

    /** The input's static H and W in NHWC terms, or {@code null}. */
    static long[] inputHw(Node n) {
        Shape s = n.input(0).shape();
        if (!s.hasRank() || s.rank() != 4) {
            return null;
        }
        int first = channelsLast(n) ? 1 : 2;
        Dim h = s.dim(first);
        Dim w = s.dim(first + 1);
        return h.isFixed() && w.isFixed() ? new long[] {((Dim.Fixed) h).size(), ((Dim.Fixed) w).size()} : null;
    }

    /**
     * How the node pads.
     *
     * @param padding {@code SAME} or {@code VALID} for the TensorFlow op
     * @param pads explicit pads {@code [hb, wb, he, we]} to apply with a {@code Pad} first, or {@code null}
     */
    record Padding(String padding, long[] pads) {
    }

    static Padding padding(Node n, long[] kernel, long[] strides, long[] dilations) {
        String auto = n.attrString("auto_pad", "NOTSET");
        switch (auto) {
            case "SAME_UPPER" -> {
                return new Padding("SAME", null);
            }
            case "VALID" -> {
                return new Padding("VALID", null);
            }
            case "SAME_LOWER" -> {
                long[] hw = inputHw(n);
                if (hw == null) {
                    return null;
                }
                long[] upper = same(hw, kernel, strides, dilations);
                return new Padding("VALID", new long[] {upper[2], upper[3], upper[0], upper[1]});
            }
            default -> {
                long[] pads = n.attrInts("pads", new long[4]);
                if (Arrays.stream(pads).allMatch(p -> p == 0)) {
                    return new Padding("VALID", null);
                }
                long[] hw = inputHw(n);
                if (hw != null && Arrays.equals(pads, same(hw, kernel, strides, dilations))) {
                    return new Padding("SAME", null);
                }
                return new Padding("VALID", pads);
            }
        }
    }

    /** TensorFlow's SAME pads {@code [hb, wb, he, we]} for input sizes {@code hw}. */
    static long[] same(long[] hw, long[] kernel, long[] strides, long[] dilations) {
        return dev.rosetta.formats.tensorflow.ops.Spatial.samePads(hw, kernel, strides, dilations);
    }

    /** Pads an NHWC tensor's H and W explicitly with {@code value}. */
    static Output<?> pad(Node n, EmitContext ctx, Output<?> x, long[] pads, double value) {
        long[] paddings = {0, 0, pads[0], pads[2], pads[1], pads[3], 0, 0};
        Output<?> p = ctx.constant(dev.rosetta.ir.Tensor.ofLongs(new long[] {4, 2}, paddings), n.name() + "/paddings");
        if (value == 0) {
            return ctx.op("Pad", n.name() + "/pad").addInput(x).addInput(p).build().output(0);
        }
        Output<?> v = ctx.scalar(value, n.input(0).dtype(), n.name() + "/pad_value");
        return ctx.op("PadV2", n.name() + "/pad").addInput(x).addInput(p).addInput(v).build().output(0);
    }

    /** A four-entry NHWC list {@code [1, h, w, 1]}. */
    static long[] nhwc(long[] hw) {
        return new long[] {1, hw[0], hw[1], 1};
    }

    static long[] pair(Node n, String key, long fill) {
        long[] v = n.attrInts(key, null);
        return v == null ? new long[] {fill, fill} : v;
    }
}
