package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code Resize} (opset 10 and later): the IR holds the per-axis {@code scales} (floats) or
 * {@code sizes} (ints), and {@code roi} when the mode needs it, as attributes, the way the Keras
 * reader makes it for {@code UpSampling2D}; ONNX has them as inputs since opset 10/11, which the
 * importer folds when they are constants (run-time sizes, from a {@code Shape} of another value,
 * are refused) and the exporter writes back as initializers. Opset 10's Resize had only
 * {@code mode}; it resizes as {@code asymmetric} coordinates with {@code floor} rounding, which
 * the importer spells out. A channels-last resize is written as it is (ONNX Runtime resizes NHWC
 * images too). Attributes of opset 18 ({@code axes}, {@code antialias},
 * {@code keep_aspect_ratio_policy}) and 19 ({@code half_pixel_symmetric}) are refused below them.
 */
public final class ResizeOp implements OnnxOpMapping {
    private static final int ROI = 1;
    private static final int SCALES = 2;
    private static final int SIZES = 3;

    @Override
    public String opType() {
        return "Resize";
    }

    @Override
    public void importNode(OnnxNode node, ImportContext ctx) {
        Map<String, Attribute> attrs = Attrs.copy(node.attributes());
        if (node.opset() < 11) {
            attrs.put("coordinate_transformation_mode", new Attribute.Str("asymmetric"));
            attrs.put("nearest_mode", new Attribute.Str("floor"));
            putFloats(node, ctx, attrs, "scales", node.input(1));
        } else {
            if ("tf_crop_and_resize".equals(node.attrString("coordinate_transformation_mode", ""))) {
                putFloats(node, ctx, attrs, "roi", node.input(ROI));
            }
            putFloats(node, ctx, attrs, "scales", node.input(SCALES));
            Value sizes = node.input(SIZES);
            if (sizes != null) {
                Tensor t = ctx.constant(sizes);
                if (t == null) {
                    throw ctx.unsupported(node, "sizes computed at run time (only constant sizes are read)");
                }
                attrs.put("sizes", Attrs.ints(t.toLongArray()));
            }
        }
        if (!attrs.containsKey("scales") && !attrs.containsKey("sizes")) {
            throw ctx.unsupported(node, "neither constant scales nor constant sizes");
        }
        ctx.emitSingle(node, "Resize", List.of(node.input(0)), attrs);
    }

    private static void putFloats(OnnxNode node, ImportContext ctx, Map<String, Attribute> attrs, String key, Value v) {
        if (v == null) {
            return;
        }
        Tensor t = ctx.constant(v);
        if (t == null) {
            throw ctx.unsupported(node, key + " computed at run time (only constant " + key + " are read)");
        }
        if (t.elementCount() == 0) {
            return;
        }
        double[] d = t.toDoubleArray();
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        attrs.put(key, new Attribute.Floats(f));
    }

    @Override
    public void exportNode(Node node, ExportContext ctx) {
        Map<String, Attribute> attrs = Attrs.copy(node.attributes());
        attrs.remove("layout"); // scales, sizes and roi index the axes as they are: the layout tag is informational
        if (attrs.containsKey("axes") && ctx.opset() < 18) {
            expandAxes(node, ctx, attrs);
        }
        for (String since18 : List.of("axes", "antialias", "keep_aspect_ratio_policy")) {
            if (attrs.containsKey(since18) && ctx.opset() < 18) {
                throw ctx.unsupported(node, "attribute " + since18 + " needs opset 18");
            }
        }
        if ("half_pixel_symmetric".equals(Attrs.getString(attrs, "coordinate_transformation_mode"))
                && ctx.opset() < 19) {
            throw ctx.unsupported(node, "coordinate_transformation_mode half_pixel_symmetric needs opset 19");
        }
        Attribute scales = attrs.remove("scales");
        Attribute sizes = attrs.remove("sizes");
        Attribute roi = attrs.remove("roi");
        List<String> inputs = new ArrayList<>();
        inputs.add(ctx.name(node.input(0)));
        inputs.add(roi instanceof Attribute.Floats r ? ctx.addConstant(node.name() + "_roi", floats(r.values())) : "");
        inputs.add(scales instanceof Attribute.Floats s ? ctx.addConstant(node.name() + "_scales", floats(s.values()))
                : "");
        if (sizes instanceof Attribute.Ints z) {
            inputs.add(ctx.addConstant(node.name() + "_sizes", Attrs.int64s(z.values())));
        } else if (!(scales instanceof Attribute.Floats)) {
            throw ctx.unsupported(node, "neither scales nor sizes");
        }
        ctx.emit(node.name(), "Resize", inputs, ctx.outputNames(node), attrs);
    }

    /**
     * Below opset 18, sizes or scales of some axes become ones of every axis: the other axes keep
     * their size (scale 1), which needs their sizes known when sizes are given.
     */
    private static void expandAxes(Node node, ExportContext ctx, Map<String, Attribute> attrs) {
        Shape x = node.input(0).shape();
        long[] axes = Attrs.getInts(attrs, "axes");
        if (!x.hasRank()) {
            throw ctx.unsupported(node, "attribute axes on an input of unknown rank needs opset 18");
        }
        int r = x.rank();
        if (attrs.get("sizes") instanceof Attribute.Ints z) {
            long[] full = new long[r];
            for (int i = 0; i < r; i++) {
                full[i] = Infer.size(x.dim(i));
            }
            for (int i = 0; i < axes.length; i++) {
                full[Infer.axis(axes[i], r)] = z.values()[i];
            }
            for (int i = 0; i < r; i++) {
                if (full[i] < 0) {
                    throw ctx.unsupported(node, "sizes of some axes while axis " + i + " has no fixed size (opset 18"
                            + " writes them with axes: --opset 18)");
                }
            }
            attrs.put("sizes", new Attribute.Ints(full));
        } else if (attrs.get("scales") instanceof Attribute.Floats f) {
            float[] full = new float[r];
            java.util.Arrays.fill(full, 1f);
            for (int i = 0; i < axes.length; i++) {
                full[Infer.axis(axes[i], r)] = f.values()[i];
            }
            attrs.put("scales", new Attribute.Floats(full));
        }
        attrs.remove("axes");
    }

    private static Tensor floats(float[] v) {
        return Tensor.ofFloats(new long[] {v.length}, v);
    }

    @Override
    public void inferTypes(Node node) {
        Value x = node.input(0);
        Infer.set(node.output(0), x.dtype(), outputShape(node, x.shape()));
    }

    /**
     * The output shape of a ranked input when sizes name their axes, or scales or sizes cover every
     * axis; else {@code null}.
     */
    private static Shape outputShape(Node node, Shape x) {
        if (!x.hasRank()) {
            return null;
        }
        int r = x.rank();
        long[] sizes = node.attrInts("sizes", null);
        long[] axes = node.attrInts("axes", null);
        if (axes != null) {
            if (sizes == null || sizes.length != axes.length) {
                return null;
            }
            List<Dim> dims = new ArrayList<>(x.dims());
            for (int i = 0; i < axes.length; i++) {
                dims.set(Infer.axis(axes[i], r), Dim.of(sizes[i]));
            }
            return new Shape(dims);
        }
        float[] scales = node.attribute("scales") instanceof Attribute.Floats f ? f.values() : null;
        if ((sizes == null || sizes.length != r) && (scales == null || scales.length != r)) {
            return null;
        }
        List<Dim> dims = new ArrayList<>();
        for (int i = 0; i < r; i++) {
            if (sizes != null && sizes.length == r) {
                dims.add(Dim.of(sizes[i]));
                continue;
            }
            long s = Infer.size(x.dim(i));
            dims.add(scales[i] == 1f ? x.dim(i)
                    : s < 0 ? Dim.symbol("") : Dim.of((long) Math.floor(s * (double) scales[i])));
        }
        return new Shape(dims);
    }
}
