package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.util.List;
import java.util.Map;

/**
 * {@code Shape}, with the {@code start}/{@code end} attributes of opset 15 (written below 15 as
 * Shape followed by a Slice). Folds to a constant when the input's shape is fully known.
 */
public final class ShapeOp extends PassThroughOp {
    public ShapeOp() {
        super("Shape", Infer.NONE);
    }

    private static long[] bounds(Node node, int rank) {
        long start = node.attrInt("start", 0);
        long end = node.attrInt("end", rank);
        start = Math.clamp(start < 0 ? start + rank : start, 0, rank);
        end = Math.clamp(end < 0 ? end + rank : end, 0, rank);
        return new long[] {start, Math.max(start, end)};
    }

    @Override
    public void inferTypes(Node node) {
        Value x = node.input(0);
        Shape out = null;
        if (x.shape().hasRank()) {
            long[] b = bounds(node, x.shape().rank());
            out = Shape.of(b[1] - b[0]);
        }
        Infer.set(node.output(0), DType.INT64, out);
    }

    @Override
    public List<Tensor> fold(Node node, List<Tensor> constants) {
        Shape s = node.input(0).shape();
        if (!s.isStatic()) {
            return null;
        }
        long[] dims = s.toArray();
        long[] b = bounds(node, dims.length);
        return List.of(Attrs.int64s(java.util.Arrays.copyOfRange(dims, (int) b[0], (int) b[1])));
    }

    @Override
    public void exportNode(Node node, ExportContext ctx) {
        boolean sliced = node.attribute("start") != null || node.attribute("end") != null;
        if (ctx.opset() >= 15 || !sliced) {
            super.exportNode(node, ctx);
            return;
        }
        String full = ctx.freshName(ctx.name(node.output(0)) + "_full");
        ctx.emit(node.name() + "_full", "Shape", List.of(ctx.name(node.input(0))), List.of(full), Map.of());
        long start = node.attrInt("start", 0);
        long end = node.attribute("end") == null ? Long.MAX_VALUE : node.attrInt("end", 0);
        ctx.emit(node.name(), "Slice", List.of(full, ctx.addConstant(node.name() + "_start", Attrs.int64s(start)),
                ctx.addConstant(node.name() + "_end", Attrs.int64s(end))), ctx.outputNames(node), Map.<String, Attribute>of());
    }
}
