package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.formats.tensorflow.graph.TfNode;
import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Value;
import java.util.List;
import java.util.Map;

/**
 * {@code DepthwiseConv2dNative}: ONNX {@code Conv} with {@code group} = input channels. In NHWC
 * the filter stays HWCM (height, width, channels, multiplier); in NCHW it becomes the grouped
 * OIHW weight {@code [C*M, 1, H, W]} (output channel {@code c*M + m}, as TensorFlow orders them).
 */
final class DepthwiseConv2dNativeOp implements TfOpMapping {
    @Override
    public List<String> opTypes() {
        return List.of("DepthwiseConv2dNative");
    }

    @Override
    public void importNode(TfNode node, ImportContext ctx) {
        Layout format = Spatial.format(node, ctx);
        Value x = ctx.input(node, 0);
        Value w = ctx.input(node, 1);
        long[] s = Conv2DOp.filterShape(node, ctx, w);
        Map<String, Attribute> attrs = Conv2DOp.attributes(node, ctx, format, x.shape(), new long[] {s[0], s[1]});
        attrs.put("group", new Attribute.Int(s[2]));
        Value weight;
        if (format == Layout.NHWC) {
            ImportContext.tag(w, Layout.HWCM);
            weight = w;
        } else {
            Value flat = ctx.reshaped(node, w, new long[] {s[0], s[1], 1, s[2] * s[3]}, Layout.UNKNOWN, "HW1O");
            weight = ctx.permuted(node, flat, Conv2DOp.HWIO_TO_OIHW, Layout.OIHW, "OIHW");
        }
        Conv2DOp.emit(node, ctx, x, weight, format, attrs);
    }
}
