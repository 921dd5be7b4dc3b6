package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code Pad}: the IR holds {@code pads} (begins then ends, every axis), {@code mode} and the
 * float {@code value}, as opsets 2-10 did. Since opset 11 pads and the constant value are inputs,
 * and since 18 an {@code axes} input may name the padded axes; the importer folds constant ones
 * (expanding {@code axes} to every axis when the rank is known). The exporter writes constant
 * inputs, with {@code axes} only where the rank is unknown (opset 18 and later).
 */
public final class PadOp extends PassThroughOp {
    public PadOp() {
        super("Pad", Infer.NONE);
    }

    @Override
    public void importNode(OnnxNode node, ImportContext ctx) {
        Value x = node.input(0);
        Map<String, Attribute> attrs = Attrs.copy(node.attributesWithout("consumed_inputs"));
        if (node.opset() < 11) {
            if (attrs.containsKey("paddings")) {
                attrs.put("pads", attrs.remove("paddings"));
            }
            ctx.emitSingle(node, "Pad", List.of(x), attrs);
            return;
        }
        Tensor pads = ctx.constant(node.input(1));
        Value valueIn = node.input(2);
        Tensor value = valueIn == null ? null : ctx.constant(valueIn);
        Value axesIn = node.input(3);
        Tensor axes = axesIn == null ? null : ctx.constant(axesIn);
        if (pads == null || (valueIn != null && value == null) || (axesIn != null && axes == null)) {
            throw ctx.unsupported(node, "pads, constant_value and axes must be constants");
        }
        long[] p = pads.toLongArray();
        if (axes != null) {
            long[] ax = axes.toLongArray();
            if (!x.shape().hasRank()) {
                attrs.put("axes", Attrs.ints(ax));
            } else {
                p = expand(p, ax, x.shape().rank());
            }
        }
        attrs.put("pads", Attrs.ints(p));
        if (value != null && value.elementCount() > 0) {
            attrs.put("value", new Attribute.Float((float) value.getDouble(0)));
        }
        ctx.emitSingle(node, "Pad", List.of(x), attrs);
    }

    /** Pads for the listed axes spread over every axis of a tensor of rank {@code rank}. */
    private static long[] expand(long[] pads, long[] axes, int rank) {
        long[] full = new long[2 * rank];
        for (int i = 0; i < axes.length; i++) {
            int a = Infer.axis(axes[i], rank);
            full[a] = pads[i];
            full[a + rank] = pads[i + axes.length];
        }
        return full;
    }

    @Override
    public void exportNode(Node node, ExportContext ctx) {
        Map<String, Attribute> attrs = Attrs.copy(node.attributes());
        attrs.remove("layout"); // Pad's pads cover every axis as they are, so its layout tag is informational only
        long[] pads = Attrs.getInts(attrs, "pads");
        Float value = Attrs.getFloat(attrs, "value");
        long[] axes = Attrs.getInts(attrs, "axes");
        attrs.remove("pads");
        attrs.remove("value");
        attrs.remove("axes");
        if (pads == null) {
            throw ctx.unsupported(node, "no pads attribute");
        }
        if ("wrap".equals(Attrs.getString(attrs, "mode")) && ctx.opset() < 19) {
            throw ctx.unsupported(node, "mode 'wrap' needs opset 19");
        }
        if (axes != null && ctx.opset() < 18) {
            throw ctx.unsupported(node, "padding some axes of a value of unknown rank needs opset 18");
        }
        List<String> inputs = new ArrayList<>();
        inputs.add(ctx.name(node.input(0)));
        inputs.add(ctx.addConstant(node.name() + "_pads", Attrs.int64s(pads)));
        if (value != null || axes != null) {
            DType t = node.input(0).dtype() == null ? DType.FLOAT32 : node.input(0).dtype();
            inputs.add(value == null ? "" : ctx.addConstant(node.name() + "_value", Attrs.scalar(t, value)));
        }
        if (axes != null) {
            inputs.add(ctx.addConstant(node.name() + "_axes", Attrs.int64s(axes)));
        }
        ctx.emit(node.name(), "Pad", inputs, ctx.outputNames(node), attrs);
    }

    @Override
    public void inferTypes(Node node) {
        Value x = node.input(0);
        long[] pads = node.attrInts("pads", null);
        Shape out = null;
        if (pads != null && x.shape().hasRank() && node.attribute("axes") == null && pads.length == 2 * x.shape().rank()) {
            int r = x.shape().rank();
            List<Dim> dims = new ArrayList<>();
            for (int i = 0; i < r; i++) {
                long s = Infer.size(x.shape().dim(i));
                dims.add(s < 0 ? x.shape().dim(i) : Dim.of(s + pads[i] + pads[i + r]));
            }
            out = new Shape(dims);
        }
        Infer.set(node.output(0), x.dtype(), out);
    }
}
