package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.formats.tensorflow.graph.TfNode;
import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ResizeNearestNeighbor} and {@code ResizeBilinear} of an NHWC image to a constant size: ONNX
 * {@code Resize} with the coordinate convention of {@code align_corners} / {@code half_pixel_centers}:
 * nearest {@code asymmetric} + {@code floor}, {@code tf_half_pixel_for_nn} + {@code floor}, or
 * {@code align_corners} + {@code round_prefer_ceil}; bilinear {@code asymmetric},
 * {@code half_pixel} or {@code align_corners}. Whole factors (an {@code UpSampling2D}) become
 * {@code scales} {@code [1, f_h, f_w, 1]}; other sizes stay sizes, of {@code axes} {@code [1, 2]}
 * (ONNX opset 18), since ONNX maps coordinates through the given float scale, and a float near
 * 10/6 would move pixels. The input's height and width must be known.
 */
final class ResizeOp implements TfOpMapping {
    @Override
    public List<String> opTypes() {
        return List.of("ResizeNearestNeighbor", "ResizeBilinear");
    }

    @Override
    public void importNode(TfNode node, ImportContext ctx) {
        boolean nearest = node.op().equals("ResizeNearestNeighbor");
        boolean corners = TfAttrs.bool(node, "align_corners", false);
        boolean halfPixel = TfAttrs.bool(node, "half_pixel_centers", false);
        if (corners && halfPixel) {
            throw ctx.malformed(node, "align_corners and half_pixel_centers are both set (TensorFlow refuses that)");
        }
        Value x = ctx.input(node, 0);
        long[] size = ctx.requireInts(node, 1, "size");
        Shape s = x.shape();
        if (size.length != 2 || size[0] < 1 || size[1] < 1) {
            throw ctx.malformed(node, "expected a size of two positive numbers, found " + Arrays.toString(size));
        }
        if (!s.hasRank() || s.rank() != 4 || !s.dim(1).isFixed() || !s.dim(2).isFixed()) {
            throw ctx.unsupported(node, "a resize of an image whose height and width are not known (" + s + ")");
        }
        long[] in = {((Dim.Fixed) s.dim(1)).size(), ((Dim.Fixed) s.dim(2)).size()};
        if (in[0] < 1 || in[1] < 1) {
            throw ctx.malformed(node, "an empty image " + s);
        }
        List<Dim> out = new ArrayList<>(s.dims());
        out.set(1, Dim.of(size[0]));
        out.set(2, Dim.of(size[1]));
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        if (size[0] % in[0] == 0 && size[1] % in[1] == 0) {
            attrs.put("scales", new Attribute.Floats(new float[] {1f, size[0] / in[0], size[1] / in[1], 1f}));
        } else {
            attrs.put("sizes", new Attribute.Ints(size));
            attrs.put("axes", new Attribute.Ints(new long[] {1, 2}));
        }
        attrs.put("mode", new Attribute.Str(nearest ? "nearest" : "linear"));
        attrs.put("coordinate_transformation_mode", new Attribute.Str(corners ? "align_corners"
                : halfPixel ? (nearest ? "tf_half_pixel_for_nn" : "half_pixel") : "asymmetric"));
        if (nearest) {
            attrs.put("nearest_mode", new Attribute.Str(corners ? "round_prefer_ceil" : "floor"));
        }
        attrs.put("layout", Spatial.layoutAttr(Layout.NHWC));
        ImportContext.tag(x, Layout.NHWC);
        Value y = ctx.emit(node, "Resize", List.of(x), attrs);
        y.setDtype(x.dtype());
        y.setShape(new Shape(out));
        ImportContext.tag(y, Layout.NHWC);
    }
}
