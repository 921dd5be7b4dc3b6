package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code Slice}: {@code starts}, {@code ends}, {@code axes} and {@code steps} are attributes in
 * the IR (as before opset 10; inputs since). Constant inputs fold into attributes; the exporter
 * writes constant inputs. Slices of 1-D constants fold (static shape computations).
 */
public final class SliceOp extends PassThroughOp {
    private static final String[] PARAMS = {"starts", "ends", "axes", "steps"};

    public SliceOp() {
        super("Slice", Infer.NONE);
    }

    @Override
    public void importNode(OnnxNode node, ImportContext ctx) {
        if (node.opset() < 10) {
            super.importNode(node, ctx);
            return;
        }
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        for (int i = 0; i < PARAMS.length; i++) {
            Value v = node.input(i + 1);
            if (v == null) {
                continue;
            }
            Tensor c = ctx.constant(v);
            if (c == null) {
                // a computed parameter: the slice keeps its ONNX inputs
                ctx.emitSingle(node, "Slice", node.inputs(), Map.of());
                return;
            }
            attrs.put(PARAMS[i], Attrs.ints(c.toLongArray()));
        }
        ctx.emitSingle(node, "Slice", List.of(node.input(0)), attrs);
    }

    @Override
    public void exportNode(Node node, ExportContext ctx) {
        if (node.inputs().size() > 1) {
            super.exportNode(node, ctx);
            return;
        }
        List<String> inputs = new ArrayList<>(List.of(ctx.name(node.input(0))));
        int last = 0;
        for (int i = 0; i < PARAMS.length; i++) {
            long[] v = node.attrInts(PARAMS[i], null);
            inputs.add(v == null ? "" : ctx.addConstant(node.name() + "_" + PARAMS[i], Attrs.int64s(v)));
            last = v == null ? last : i + 1;
        }
        ctx.emit(node.name(), "Slice", inputs.subList(0, last + 1), ctx.outputNames(node), Map.of());
    }

    /** The sliced range {@code [start, end)} with step for an axis of {@code size}, per ONNX clamping. */
    private static long[] range(long start, long end, long step, long size) {
        if (size == 0) {
            return new long[] {0, 0};
        }
        start = start < 0 ? start + size : start;
        end = end < 0 ? end + size : end;
        if (step > 0) {
            start = Math.clamp(start, 0, size);
            end = Math.clamp(end, 0, size);
        } else {
            start = Math.clamp(start, 0, size - 1);
            end = Math.clamp(end, -1, size - 1);
        }
        long count = step > 0 ? Math.max(0, Math.ceilDiv(end - start, step))
                : Math.max(0, Math.ceilDiv(start - end, -step));
        return new long[] {start, count};
    }

    @Override
    public void inferTypes(Node node) {
        Value x = node.input(0);
        long[] starts = node.attrInts("starts", null);
        long[] ends = node.attrInts("ends", null);
        Shape out = null;
        if (x.shape().hasRank() && starts != null && ends != null) {
            int r = x.shape().rank();
            long[] axes = node.attrInts("axes", null);
            long[] steps = node.attrInts("steps", null);
            List<Dim> dims = new ArrayList<>(x.shape().dims());
            for (int i = 0; i < starts.length; i++) {
                int a = Infer.axis(axes == null ? i : axes[i], r);
                if (a < 0 || a >= r) {
                    return;
                }
                long size = Infer.size(dims.get(a));
                long step = steps == null ? 1 : steps[i];
                dims.set(a, size < 0 || step == 0 ? Dim.symbol("") : Dim.of(range(starts[i], ends[i], step, size)[1]));
            }
            out = new Shape(dims);
        }
        Infer.set(node.output(0), x.dtype(), out);
    }

    @Override
    public List<Tensor> fold(Node node, List<Tensor> constants) {
        Tensor c = constants.get(0);
        long[] starts = node.attrInts("starts", null);
        long[] ends = node.attrInts("ends", null);
        long[] steps = node.attrInts("steps", null);
        long[] axes = node.attrInts("axes", null);
        if (c == null || c.rank() != 1 || starts == null || ends == null || starts.length != 1
                || (axes != null && Infer.axis(axes[0], 1) != 0) || c.elementCount() > 4096) {
            return null;
        }
        long step = steps == null ? 1 : steps[0];
        if (step == 0) {
            return null;
        }
        long[] r = range(starts[0], ends[0], step, c.elementCount());
        long[] picks = new long[(int) r[1]];
        for (int i = 0; i < picks.length; i++) {
            picks[i] = r[0] + i * step;
        }
        return List.of(Attrs.pick(c, new long[] {picks.length}, picks));
    }
}
