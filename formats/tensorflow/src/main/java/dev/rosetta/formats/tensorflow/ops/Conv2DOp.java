package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.formats.tensorflow.graph.TfNode;
import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code Conv2D}: ONNX {@code Conv}. In NHWC the filter stays HWIO (as TensorFlow stores it) and
 * the node carries {@code layout NHWC}; in NCHW the filter is permuted to OIHW. A filter whose
 * input channels divide the input's (TensorFlow's grouped convolution) sets {@code group}.
 */
final class Conv2DOp implements TfOpMapping {
    static final int[] HWIO_TO_OIHW = {3, 2, 0, 1};

    @Override
    public List<String> opTypes() {
        return List.of("Conv2D");
    }

    @Override
    public void importNode(TfNode node, ImportContext ctx) {
        Layout format = Spatial.format(node, ctx);
        Value x = ctx.input(node, 0);
        Value w = ctx.input(node, 1);
        long[] s = filterShape(node, ctx, w);
        Map<String, Attribute> attrs = attributes(node, ctx, format, x.shape(), new long[] {s[0], s[1]});
        long group = group(x.shape(), format, Dim.of(s[2]));
        if (group != 1) {
            attrs.put("group", new Attribute.Int(group));
        }
        Value weight = weight(node, ctx, w, format);
        emit(node, ctx, x, weight, format, attrs);
    }

    /**
     * The static shape of a rank-4 filter.
     *
     * @throws dev.rosetta.error.UnsupportedFeatureException when it is not known
     */
    static long[] filterShape(TfNode node, ImportContext ctx, Value w) {
        Shape ws = w.shape();
        if (!ws.isStatic() || ws.rank() != 4) {
            throw ctx.unsupported(node, "a filter of unknown shape " + ws);
        }
        return ws.toArray();
    }

    /** The filter as the IR conv of {@code format} holds it. */
    static Value weight(TfNode node, ImportContext ctx, Value w, Layout format) {
        if (format == Layout.NHWC) {
            ImportContext.tag(w, Layout.HWIO);
            return w;
        }
        return ctx.permuted(node, w, HWIO_TO_OIHW, Layout.OIHW, "OIHW");
    }

    /** strides, dilations, kernel_shape, padding and layout of a 2-D convolution. */
    static Map<String, Attribute> attributes(TfNode node, ImportContext ctx, Layout format, Shape x, long[] kernel) {
        long[] strides = Spatial.hw(node, ctx, "strides", format, true);
        long[] dilations = Spatial.hw(node, ctx, "dilations", format, false);
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        attrs.put("kernel_shape", new Attribute.Ints(kernel));
        attrs.put("strides", new Attribute.Ints(strides));
        attrs.put("dilations", new Attribute.Ints(dilations));
        Spatial.padding(node, ctx, format, x, kernel, strides, dilations, attrs);
        attrs.put("layout", Spatial.layoutAttr(format));
        return attrs;
    }

    static void emit(TfNode node, ImportContext ctx, Value x, Value weight, Layout format, Map<String, Attribute> attrs) {
        ImportContext.tag(x, format);
        ImportContext.tag(ctx.emit(node, "Conv", List.of(x, weight), attrs), format);
    }

    private static long group(Shape x, Layout format, Dim filterIn) {
        if (!x.hasRank() || x.rank() != 4 || !filterIn.isFixed()) {
            return 1;
        }
        Dim c = x.dim(format == Layout.NHWC ? 3 : 1);
        if (!c.isFixed() || size(filterIn) == 0 || size(c) % size(filterIn) != 0) {
            return 1;
        }
        return size(c) / size(filterIn);
    }

    static long size(Dim d) {
        return ((Dim.Fixed) d).size();
    }
}
