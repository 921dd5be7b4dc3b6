package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.formats.tensorflow.graph.TfNode;
import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Shape;
import java.util.Map;

/**
 * The parameters 2-D spatial ops share: {@code data_format} ({@code NHWC}, TensorFlow's default,
 * or {@code NCHW}), per-axis lists given for all four axes ({@code strides}, {@code ksize},
 * {@code dilations}) and {@code padding}. {@code SAME} becomes explicit pads, possibly asymmetric
 * (the extra one at the end), when the input's spatial sizes are known, and {@code auto_pad
 * SAME_UPPER} (the same rule) when they are not; {@code EXPLICIT} reads {@code explicit_paddings}.
 */
public final class Spatial {
    private Spatial() {
    }

    /** The data format of a node: NHWC or NCHW. */
    static Layout format(TfNode n, ImportContext ctx) {
        String df = TfAttrs.string(n, "data_format", "NHWC");
        return switch (df) {
            case "NHWC" -> Layout.NHWC;
            case "NCHW" -> Layout.NCHW;
            default -> throw ctx.unsupported(n, "data_format '" + df + "' (supported: NHWC, NCHW)");
        };
    }

    /**
     * The H and W entries of a four-entry list in {@code format} order; batch and channel entries
     * must be 1, spatial entries at least 1 (a stride, window or dilation of 0 is a broken file).
     */
    static long[] hw(TfNode n, ImportContext ctx, String key, Layout format, boolean required) {
        long[] v = TfAttrs.intsOfLength(n, key, 4, required ? null : new long[] {1, 1, 1, 1}, ctx.file());
        if (v == null) {
            throw ctx.malformed(n, "the attribute '" + key + "' is missing");
        }
        int h = format == Layout.NHWC ? 1 : 2;
        int c = format == Layout.NHWC ? 3 : 1;
        if (v[0] != 1 || v[c] != 1) {
            throw ctx.unsupported(n, key + " " + java.util.Arrays.toString(v) + " (only spatial " + key
                    + " are supported; batch and channel entries must be 1)");
        }
        if (v[h] < 1 || v[h + 1] < 1) {
            throw ctx.malformed(n, key + " " + java.util.Arrays.toString(v) + ": spatial entries must be at least 1");
        }
        return new long[] {v[h], v[h + 1]};
    }

    /** Index of the first spatial axis. */
    static int firstSpatial(Layout format) {
        return format == Layout.NHWC ? 1 : 2;
    }

    /**
     * Puts {@code pads} or {@code auto_pad} into {@code attrs} for the node's {@code padding}.
     *
     * @param x the input's shape (sizes may be unknown)
     */
    static void padding(TfNode n, ImportContext ctx, Layout format, Shape x, long[] kernel, long[] strides,
                        long[] dilations, Map<String, Attribute> attrs) {
        String padding = TfAttrs.string(n, "padding", "VALID");
        switch (padding) {
            case "VALID" -> attrs.put("pads", new Attribute.Ints(new long[4]));
            case "SAME" -> {
                for (int i = 0; i < strides.length; i++) {
                    if (strides[i] < 1 || (dilations != null && i < dilations.length && dilations[i] < 1)) {
                        throw ctx.malformed(n, "strides and dilations must be at least 1, found strides "
                                + java.util.Arrays.toString(strides) + " and dilations " + java.util.Arrays.toString(dilations));
                    }
                }
                long[] pads = samePads(x, format, kernel, strides, dilations);
                if (pads == null) {
                    attrs.put("auto_pad", new Attribute.Str("SAME_UPPER"));
                } else {
                    attrs.put("pads", new Attribute.Ints(pads));
                }
            }
            case "EXPLICIT" -> {
                long[] e = TfAttrs.intsOfLength(n, "explicit_paddings", 8, null, ctx.file());
                if (e == null) {
                    throw ctx.malformed(n, "padding EXPLICIT without explicit_paddings");
                }
                int h = firstSpatial(format);
                int c = format == Layout.NHWC ? 3 : 1;
                if (e[0] != 0 || e[1] != 0 || e[2 * c] != 0 || e[2 * c + 1] != 0) {
                    throw ctx.unsupported(n, "explicit padding of the batch or channel axis");
                }
                attrs.put("pads", new Attribute.Ints(new long[] {e[2 * h], e[2 * h + 2], e[2 * h + 1], e[2 * h + 3]}));
            }
            default -> throw ctx.unsupported(n, "padding '" + padding + "' (supported: SAME, VALID, EXPLICIT)");
        }
    }

    /** TensorFlow's SAME pads {@code [hb, wb, he, we]}, or {@code null} when a spatial size is unknown. */
    static long[] samePads(Shape x, Layout format, long[] kernel, long[] strides, long[] dilations) {
        if (!x.hasRank() || x.rank() != 4) {
            return null;
        }
        int first = firstSpatial(format);
        long[] hw = new long[2];
        for (int i = 0; i < 2; i++) {
            Dim d = x.dim(first + i);
            if (!d.isFixed()) {
                return null;
            }
            hw[i] = ((Dim.Fixed) d).size();
        }
        return samePads(hw, kernel, strides, dilations);
    }

    /**
     * TensorFlow's SAME pads {@code [hb, wb, he, we]} for input height and width {@code hw}: the
     * output is {@code ceil(in / stride)}, the total padding what that needs, the odd one at the end.
     */
    public static long[] samePads(long[] hw, long[] kernel, long[] strides, long[] dilations) {
        long[] pads = new long[4];
        for (int i = 0; i < 2; i++) {
            long out = (hw[i] + strides[i] - 1) / strides[i];
            long total = Math.max(0, (out - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1 - hw[i]);
            pads[i] = total / 2;
            pads[i + 2] = total - total / 2;
        }
        return pads;
    }

    /** The layout attribute value for a format. */
    static Attribute layoutAttr(Layout format) {
        return new Attribute.Str(format.axes());
    }
}
