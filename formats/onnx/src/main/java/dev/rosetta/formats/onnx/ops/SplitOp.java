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
 * {@code Split}: the IR holds {@code axis} and the chunk sizes {@code split} (an attribute before
 * opset 13, an input since) or, without sizes, splits into equal parts as the outputs ask.
 * {@code num_outputs} (opset 18) becomes sizes when the axis length is known.
 */
public final class SplitOp extends PassThroughOp {
    public SplitOp() {
        super("Split", Infer.NONE);
    }

    @Override
    public void importNode(OnnxNode node, ImportContext ctx) {
        Map<String, Attribute> attrs = Attrs.copy(node.attributesWithout("consumed_inputs", "num_outputs"));
        Value x = node.input(0);
        if ((node.opset() >= 13 || node.opset() < 2) && node.input(1) != null) {
            Tensor split = ctx.constant(node.input(1));
            if (split == null) {
                throw ctx.unsupported(node, "split sizes must be a constant");
            }
            attrs.put("split", Attrs.ints(split.toLongArray()));
        } else if (node.has("num_outputs") && x.shape().hasRank()) {
            int axis = Infer.axis(node.attrInt("axis", 0), x.shape().rank());
            long len = Infer.size(x.shape().dim(axis));
            long n = node.attrInt("num_outputs", 1);
            if (len >= 0 && len % n != 0) {
                long chunk = Math.ceilDiv(len, n);
                long[] sizes = new long[(int) n];
                for (int i = 0; i < n; i++) {
                    sizes[i] = Math.max(0, Math.min(chunk, len - i * chunk));
                }
                attrs.put("split", Attrs.ints(sizes));
            }
        }
        List<String> outs = new ArrayList<>();
        for (String o : node.outputs()) {
            outs.add(o.isEmpty() ? ctx.freshName(node.name() + "_unused") : o);
        }
        ctx.emit(node.name(), "Split", List.of(x), attrs, outs);
    }

    @Override
    public void exportNode(Node node, ExportContext ctx) {
        Map<String, Attribute> attrs = Attrs.copy(node.attributes());
        long[] split = Attrs.getInts(attrs, "split");
        attrs.remove("split");
        List<String> inputs = new ArrayList<>(List.of(ctx.name(node.input(0))));
        if (split != null) {
            inputs.add(ctx.addConstant(node.name() + "_split", Attrs.int64s(split)));
        } else if (ctx.opset() >= 18) {
            attrs.put("num_outputs", new Attribute.Int(node.outputs().size()));
        }
        ctx.emit(node.name(), "Split", inputs, ctx.outputNames(node), attrs);
    }

    @Override
    public void inferTypes(Node node) {
        Value x = node.input(0);
        int n = node.outputs().size();
        for (int i = 0; i < n; i++) {
            Shape s = null;
            if (x.shape().hasRank()) {
                int axis = Infer.axis(node.attrInt("axis", 0), x.shape().rank());
                long[] split = node.attrInts("split", null);
                long len = Infer.size(x.shape().dim(axis));
                long size = split != null ? split[i] : len >= 0 && len % n == 0 ? len / n : -1;
                List<Dim> dims = new ArrayList<>(x.shape().dims());
                dims.set(axis, size < 0 ? Dim.symbol("") : Dim.of(size));
                s = new Shape(dims);
            }
            Infer.set(node.output(i), x.dtype(), s);
        }
    }
}
