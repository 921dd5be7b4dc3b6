package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.formats.tensorflow.graph.TfNode;
import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code MaxPool} and {@code AvgPool}: ONNX {@code MaxPool}/{@code AveragePool} with
 * {@code ksize}, {@code strides} and {@code padding} on the spatial axes and the data format as
 * {@code layout}. TensorFlow's average excludes padded cells, as ONNX's default
 * {@code count_include_pad=0} does.
 */
final class PoolOp implements TfOpMapping {
    private final String tfOp;
    private final String irOp;

    PoolOp(String tfOp, String irOp) {
        this.tfOp = tfOp;
        this.irOp = irOp;
    }

    @Override
    public List<String> opTypes() {
        return List.of(tfOp);
    }

    @Override
    public void importNode(TfNode node, ImportContext ctx) {
        Layout format = Spatial.format(node, ctx);
        Value x = ctx.input(node, 0);
        long[] kernel = Spatial.hw(node, ctx, "ksize", format, true);
        long[] strides = Spatial.hw(node, ctx, "strides", format, true);
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        attrs.put("kernel_shape", new Attribute.Ints(kernel));
        attrs.put("strides", new Attribute.Ints(strides));
        Spatial.padding(node, ctx, format, x.shape(), kernel, strides, new long[] {1, 1}, attrs);
        attrs.put("layout", Spatial.layoutAttr(format));
        ImportContext.tag(x, format);
        ImportContext.tag(ctx.emit(node, irOp, List.of(x), attrs), format);
    }
}
