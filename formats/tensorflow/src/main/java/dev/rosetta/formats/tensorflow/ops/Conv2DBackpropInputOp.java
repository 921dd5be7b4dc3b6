package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.formats.tensorflow.graph.TfNode;
import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code Conv2DBackpropInput} (a transposed convolution): ONNX {@code ConvTranspose} of
 * {@code out_backprop} with the forward filter, which for the transposed op is HWOI and stays so in
 * NHWC (IOHW in NCHW). The constant {@code input_sizes} fixes the output: pads are those of the
 * forward convolution from that size, and {@code output_padding} makes up the rest.
 */
final class Conv2DBackpropInputOp implements TfOpMapping {
    @Override
    public List<String> opTypes() {
        return List.of("Conv2DBackpropInput");
    }

    @Override
    public void importNode(TfNode node, ImportContext ctx) {
        Layout format = Spatial.format(node, ctx);
        long[] sizes = ctx.requireInts(node, 0, "input_sizes");
        Value w = ctx.input(node, 1);
        Value x = ctx.input(node, 2);
        long[] ws = Conv2DOp.filterShape(node, ctx, w);
        if (sizes.length != 4) {
            throw ctx.malformed(node, "input_sizes " + java.util.Arrays.toString(sizes) + " (expected 4 values)");
        }
        long[] k = {ws[0], ws[1]};
        int first = Spatial.firstSpatial(format);
        long[] out = {sizes[first], sizes[first + 1]};
        long[] strides = Spatial.hw(node, ctx, "strides", format, true);
        long[] dil = Spatial.hw(node, ctx, "dilations", format, false);
        Map<String, Attribute> padAttrs = new LinkedHashMap<>();
        Shape forwardInput = Shape.of(format == Layout.NHWC ? new long[] {1, out[0], out[1], 1} : new long[] {1, 1, out[0], out[1]});
        Spatial.padding(node, ctx, format, forwardInput, k, strides, dil, padAttrs);
        long[] pads = ((Attribute.Ints) padAttrs.get("pads")).values();
        long[] outPad = new long[2];
        for (int i = 0; i < 2; i++) {
            long eff = (k[i] - 1) * dil[i] + 1;
            long in = (out[i] + pads[i] + pads[i + 2] - eff) / strides[i] + 1;
            outPad[i] = out[i] - (strides[i] * (in - 1) + eff - pads[i] - pads[i + 2]);
            if (outPad[i] < 0 || outPad[i] >= Math.max(strides[i], dil[i])) {
                throw ctx.malformed(node, "input_sizes " + java.util.Arrays.toString(sizes)
                        + " cannot come from this convolution's output");
            }
        }
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        attrs.put("kernel_shape", new Attribute.Ints(k));
        attrs.put("strides", new Attribute.Ints(strides));
        attrs.put("dilations", new Attribute.Ints(dil));
        attrs.put("pads", new Attribute.Ints(pads));
        if (outPad[0] != 0 || outPad[1] != 0) {
            attrs.put("output_padding", new Attribute.Ints(outPad));
        }
        attrs.put("layout", Spatial.layoutAttr(format));
        Value weight;
        if (format == Layout.NHWC) {
            ImportContext.tag(w, Layout.HWOI);
            weight = w;
        } else {
            weight = ctx.permuted(node, w, Conv2DOp.HWIO_TO_OIHW, Layout.IOHW, "IOHW");
        }
        ImportContext.tag(x, format);
        ImportContext.tag(ctx.emit(node, "ConvTranspose", List.of(x, weight), attrs), format);
    }
}
