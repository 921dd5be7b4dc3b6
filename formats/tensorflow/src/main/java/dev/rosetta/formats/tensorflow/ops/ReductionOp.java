package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.formats.tensorflow.graph.TfNode;
import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Value;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code Mean}, {@code Max}, {@code Min}, {@code Sum} and {@code Prod} with constant axes: ONNX
 * {@code ReduceMean} / {@code ReduceMax} / ... with those axes; a mean or a max over the spatial axes
 * of a rank-4 image ({@code [1, 2]} for NHWC, the TensorFlow default, or {@code [2, 3]} of a value
 * tagged NCHW) is {@code GlobalAveragePool} / {@code GlobalMaxPool} instead, followed by a
 * {@code Squeeze} of those axes when {@code keep_dims} is false.
 */
final class ReductionOp implements TfOpMapping {
    private final String tfOp;
    private final String globalOp;
    private final String reduceOp;

    /** @param globalOp the global pool a spatial reduction is, or {@code null} when none is */
    ReductionOp(String tfOp, String globalOp, String reduceOp) {
        this.tfOp = tfOp;
        this.globalOp = globalOp;
        this.reduceOp = reduceOp;
    }

    @Override
    public List<String> opTypes() {
        return List.of(tfOp);
    }

    @Override
    public void importNode(TfNode node, ImportContext ctx) {
        Value x = ctx.input(node, 0);
        long[] axes = ctx.requireInts(node, 1, "reduction axes");
        boolean keep = TfAttrs.bool(node, "keep_dims", false);
        int rank = x.shape().hasRank() ? x.shape().rank() : -1;
        if (rank > 0) {
            for (int i = 0; i < axes.length; i++) {
                axes[i] = axes[i] < 0 ? axes[i] + rank : axes[i];
            }
        }
        long[] sorted = axes.clone();
        Arrays.sort(sorted);
        Layout global = null;
        if (rank == 4 && Arrays.equals(sorted, new long[] {1, 2}) && x.layout() != Layout.NCHW) {
            global = Layout.NHWC;
        } else if (rank == 4 && Arrays.equals(sorted, new long[] {2, 3}) && x.layout() == Layout.NCHW) {
            global = Layout.NCHW;
        }
        if (global == null || globalOp == null) {
            Map<String, Attribute> attrs = new LinkedHashMap<>();
            attrs.put("axes", new Attribute.Ints(axes));
            attrs.put("keepdims", new Attribute.Int(keep ? 1 : 0));
            ctx.emit(node, reduceOp, List.of(x), attrs);
            return;
        }
        ImportContext.tag(x, global);
        Map<String, Attribute> layout = Map.of("layout", Spatial.layoutAttr(global));
        if (keep) {
            ImportContext.tag(ctx.emit(node, globalOp, List.of(x), layout), global);
            return;
        }
        Value pooled = ctx.emitHelper(node, "global_pool", globalOp, List.of(x), layout);
        ImportContext.tag(pooled, global);
        ImportContext.tag(ctx.emit(node, "Squeeze", List.of(pooled), Map.of("axes", new Attribute.Ints(sorted))),
                Layout.NC);
    }
}
