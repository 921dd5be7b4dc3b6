package dev.rosetta.formats.keras.write.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rosetta.formats.keras.write.ExportContext;
import dev.rosetta.formats.keras.write.KerasLayer;
import dev.rosetta.formats.keras.write.OpExporter;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Value;
import java.util.Arrays;
import java.util.List;

/**
 * {@code GlobalAveragePool} / {@code GlobalMaxPool} (and {@code ReduceMean} over the spatial axes
 * of a channels-last tensor) to {@code GlobalAveragePooling1D/2D} / {@code GlobalMaxPooling1D/2D}.
 * When the pooled value's only reader flattens it to {@code (batch, channels)} ({@code Flatten} or
 * a {@code Reshape}), that reader is absorbed; otherwise the layer keeps the size-1 axes
 * ({@code keepdims}, TF 2.6+).
 */
public final class GlobalPoolExport implements OpExporter {
    private final String average;

    public GlobalPoolExport(boolean average) {
        this.average = average ? "Average" : "Max";
    }

    @Override
    public void export(ExportContext ctx, Node node) {
        int rank = ExportContext.rank(node.input(0));
        boolean keep = true;
        if (node.opType().equals("ReduceMean")) {
            long[] axes = node.attrInts("axes", null);
            long[] want = rank == 4 ? new long[] {1, 2} : rank == 3 ? new long[] {1} : null;
            long[] norm = axes == null ? null : Arrays.stream(axes).map(a -> a < 0 ? a + rank : a).sorted().toArray();
            if (want == null || !Arrays.equals(norm, want)) {
                ctx.problem(node, "only a mean over the spatial axes of a channels-last tensor has a Keras layer");
                return;
            }
            keep = node.attrInt("keepdims", 1) != 0;
        } else if (!ctx.requireChannelsLast(node)) {
            return;
        }
        if (rank != 3 && rank != 4 && rank != -1) {
            ctx.problem(node, "global pooling of a rank-" + rank + " tensor has no Keras layer");
            return;
        }
        KerasLayer in = ctx.in(node, 0);
        if (in == null) {
            return;
        }
        Value out = node.output(0);
        if (keep) {
            Node next = ctx.soleConsumer(out);
            if (next != null && flattensToChannels(ctx, next)) {
                ctx.absorb(next);
                out = next.output(0);
                keep = false;
            }
        }
        ObjectNode c = ctx.config();
        c.put("data_format", "channels_last");
        if (keep) {
            c.put("keepdims", true);
        }
        String cls = "Global" + average + "Pooling" + (rank == 3 ? "1D" : "2D");
        ctx.bind(out, ctx.add(ExportContext.layerName(node), cls, c, List.of(in)));
    }

    private static boolean flattensToChannels(ExportContext ctx, Node n) {
        if (n.opType().equals("Flatten")) {
            return n.attrInt("axis", 1) == 1;
        }
        if (n.opType().equals("Reshape") || n.opType().equals("Squeeze")) {
            return ExportContext.rank(n.output(0)) == 2;
        }
        return false;
    }
}
