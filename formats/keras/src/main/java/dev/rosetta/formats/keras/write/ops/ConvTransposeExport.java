package dev.rosetta.formats.keras.write.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rosetta.formats.keras.write.ExportContext;
import dev.rosetta.formats.keras.write.KerasLayer;
import dev.rosetta.formats.keras.write.KerasWeight;
import dev.rosetta.formats.keras.write.Kernels;
import dev.rosetta.formats.keras.write.OpExporter;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.util.List;

/**
 * {@code ConvTranspose} (2-D, channels-last, one group) to {@code Conv2DTranspose}: pads and
 * output padding matching Keras's {@code same} or {@code valid} (with {@code output_padding})
 * directly; other non-negative pads as {@code valid} followed by {@code Cropping2D}.
 */
public final class ConvTransposeExport implements OpExporter {
    @Override
    public void export(ExportContext ctx, Node node) {
        if (!ctx.requireChannelsLast(node)) {
            return;
        }
        Value wv = node.input(1);
        Tensor w = ctx.constant(wv);
        if (w == null || w.rank() != 4) {
            ctx.problem(node, "needs a constant 4-D weight (only 2-D transposed convolutions are written)");
            return;
        }
        if (node.attrInt("group", 1) != 1) {
            ctx.problem(node, "grouped ConvTranspose has no Keras layer");
            return;
        }
        if (node.attribute("output_shape") != null || !node.attrString("auto_pad", "NOTSET").equals("NOTSET")) {
            ctx.problem(node, "output_shape / auto_pad are not written; give explicit pads");
            return;
        }
        Tensor b = node.input(2) == null ? null : ctx.constant(node.input(2));
        long[] s = w.shape();
        boolean hwoi = wv.layout() == Layout.HWOI;
        long[] kernel = hwoi ? new long[] {s[0], s[1]} : new long[] {s[2], s[3]};
        long filters = hwoi ? s[2] : s[1];
        long[] strides = Windows.attr(node, "strides", 2, 1);
        long[] dil = Windows.attr(node, "dilations", 2, 1);
        long[] pads = Windows.attr(node, "pads", 4, 0);
        long[] outPad = Windows.attr(node, "output_padding", 2, 0);
        String mode = null;
        long[] kerasOutPad = null;
        long[][] crop = null;
        // t = full length - output length = pad_begin + pad_end - output_padding, per axis.
        boolean same = true;
        boolean valid = true;
        for (int i = 0; i < 2; i++) {
            long eff = (kernel[i] - 1) * dil[i] + 1;
            long t = pads[i] + pads[i + 2] - outPad[i];
            long sameT = eff - strides[i];
            same &= t == sameT && pads[i] == Math.max(sameT, 0) / 2;
            valid &= pads[i] == 0 && pads[i + 2] == 0;
        }
        if (same) {
            mode = "same";
        } else if (valid) {
            mode = "valid";
            boolean needOutPad = false;
            for (int i = 0; i < 2; i++) {
                long eff = (kernel[i] - 1) * dil[i] + 1;
                long kerasExtra = Math.max(strides[i] - eff, 0);
                needOutPad |= outPad[i] != kerasExtra;
            }
            if (needOutPad) {
                kerasOutPad = outPad;
                for (int i = 0; i < 2; i++) {
                    if (outPad[i] >= strides[i]) {
                        ctx.problem(node, "output_padding must be smaller than the stride for Keras");
                        return;
                    }
                }
            }
        } else if (outPad[0] == 0 && outPad[1] == 0 && (kernel[0] - 1) * dil[0] + 1 >= strides[0]
                && (kernel[1] - 1) * dil[1] + 1 >= strides[1]) {
            mode = "valid";
            crop = new long[][] {{pads[0], pads[2]}, {pads[1], pads[3]}};
        } else {
            ctx.problem(node, "pads " + java.util.Arrays.toString(pads) + " with output_padding "
                    + java.util.Arrays.toString(outPad) + " have no Keras Conv2DTranspose equivalent");
            return;
        }
        KerasLayer in = ctx.in(node, 0);
        if (in == null) {
            return;
        }
        ObjectNode c = ctx.config();
        c.put("filters", filters);
        Windows.ints(c, "kernel_size", kernel);
        Windows.ints(c, "strides", strides);
        c.put("padding", mode);
        if (kerasOutPad != null) {
            Windows.ints(c, "output_padding", kerasOutPad);
        } else {
            c.putNull("output_padding");
        }
        c.put("data_format", "channels_last");
        Windows.ints(c, "dilation_rate", dil);
        ExportContext.Fused act = crop == null ? ctx.fuseActivation(node.output(0))
                : new ExportContext.Fused("linear", node.output(0));
        c.put("activation", act.activation());
        c.put("use_bias", b != null);
        KerasLayer layer = ctx.add(ExportContext.layerName(node), "Conv2DTranspose", c, List.of(in));
        if (layer == null) {
            return;
        }
        layer.weight(Kernels.convTranspose(wv, w));
        if (b != null) {
            layer.weight(KerasWeight.of("bias", b.reshape(filters)));
        }
        if (crop != null) {
            ObjectNode cc = ctx.config();
            ArrayNode a = cc.putArray("cropping");
            a.addArray().add(crop[0][0]).add(crop[0][1]);
            a.addArray().add(crop[1][0]).add(crop[1][1]);
            cc.put("data_format", "channels_last");
            layer = ctx.add(ExportContext.layerName(node) + "_crop", "Cropping2D", cc, List.of(layer));
        }
        ctx.bind(act.output(), layer);
    }
}
