package dev.rosetta.formats.keras.write.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rosetta.formats.keras.write.ExportContext;
import dev.rosetta.formats.keras.write.KerasLayer;
import dev.rosetta.formats.keras.write.KerasPadding;
import dev.rosetta.formats.keras.write.KerasWeight;
import dev.rosetta.formats.keras.write.Kernels;
import dev.rosetta.formats.keras.write.OpExporter;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.util.List;

/**
 * {@code Conv} (channels-last) to {@code Conv2D} / {@code Conv1D}; a grouped conv with one group
 * per input channel to {@code DepthwiseConv2D}; other groups to {@code Conv2D(groups=g)} (TF 2.3+).
 * Pads Keras cannot express as {@code valid}/{@code same}/{@code causal} become a
 * {@code ZeroPadding} layer in front.
 */
public final class ConvExport implements OpExporter {
    @Override
    public void export(ExportContext ctx, Node node) {
        if (!ctx.requireChannelsLast(node)) {
            return;
        }
        Value x = node.input(0);
        Value wv = node.input(1);
        Tensor w = ctx.constant(wv);
        if (w == null || (w.rank() != 4 && w.rank() != 3)) {
            ctx.problem(node, "needs a constant 3-D or 4-D weight");
            return;
        }
        Tensor b = node.input(2) == null ? null : ctx.constant(node.input(2));
        if (node.input(2) != null && b == null) {
            ctx.problem(node, "needs a constant bias");
            return;
        }
        int n = w.rank() - 2;
        long[] s = w.shape();
        boolean keras = Kernels.kerasOrder(wv);
        long[] kernel = new long[n];
        for (int i = 0; i < n; i++) {
            kernel[i] = keras ? s[i] : s[2 + i];
        }
        long group = node.attrInt("group", 1);
        long filters;
        long inPerGroup;
        if (wv.layout() == Layout.HWCM) {
            filters = s[2] * s[3];
            inPerGroup = 1;
        } else {
            filters = keras ? s[n + 1] : s[0];
            inPerGroup = keras ? s[n] : s[1];
        }
        long channels = inPerGroup * group;
        long[] strides = Windows.attr(node, "strides", n, 1);
        long[] dilations = Windows.attr(node, "dilations", n, 1);
        KerasPadding pad = KerasPadding.of(ctx, node, x, kernel, strides, dilations, true);
        KerasLayer in = ctx.in(node, 0);
        if (pad == null || in == null) {
            return;
        }
        in = Windows.padded(ctx, node, in, x, pad);
        ObjectNode c = ctx.config();
        String cls;
        boolean depthwise = group > 1 && group == channels && inPerGroup == 1 && n == 2;
        if (depthwise) {
            cls = "DepthwiseConv2D";
            Windows.ints(c, "kernel_size", kernel);
        } else {
            if (group > 1 && n == 1 && ctx.kerasMajor() < 3) {
                ctx.problem(node, "grouped Conv1D needs Keras 3");
            }
            cls = n == 1 ? "Conv1D" : "Conv2D";
            c.put("filters", filters);
            Windows.ints(c, "kernel_size", kernel);
        }
        Windows.ints(c, "strides", strides);
        c.put("padding", pad.mode());
        c.put("data_format", "channels_last");
        Windows.ints(c, "dilation_rate", dilations);
        if (group > 1 && !depthwise) {
            c.put("groups", group);
        }
        if (depthwise) {
            c.put("depth_multiplier", filters / channels);
        }
        ExportContext.Fused act = ctx.fuseActivation(node.output(0));
        c.put("activation", act.activation());
        c.put("use_bias", b != null);
        KerasLayer layer = ctx.add(ExportContext.layerName(node), cls, c, List.of(in));
        if (layer == null) {
            return;
        }
        if (depthwise) {
            String var = ctx.kerasMajor() >= 3 ? "kernel" : "depthwise_kernel";
            layer.weight(Kernels.depthwise(var, wv, w, channels, filters / channels));
        } else {
            layer.weight(Kernels.conv(wv, w));
        }
        if (b != null) {
            layer.weight(KerasWeight.of("bias", b.reshape(filters)));
        }
        ctx.bind(act.output(), layer);
    }
}
