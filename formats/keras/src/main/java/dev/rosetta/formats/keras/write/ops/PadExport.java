package dev.rosetta.formats.keras.write.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rosetta.formats.keras.write.ExportContext;
import dev.rosetta.formats.keras.write.KerasLayer;
import dev.rosetta.formats.keras.write.OpExporter;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Constant-zero {@code Pad} of the spatial axes of a channels-last tensor to {@code ZeroPadding1D/2D};
 * all-negative pads (cropping) to {@code Cropping1D/2D}.
 */
public final class PadExport implements OpExporter {
    @Override
    public void export(ExportContext ctx, Node node) {
        if (!ctx.requireChannelsLast(node)) {
            return;
        }
        long[] pads = node.attrInts("pads", null);
        if (pads == null && node.input(1) != null) {
            Tensor t = ctx.constant(node.input(1));
            pads = t == null ? null : t.toLongArray();
        }
        double value = node.attrFloat("value", 0f);
        if (node.input(2) != null) {
            Tensor v = ctx.constant(node.input(2));
            value = v == null || v.elementCount() != 1 ? Double.NaN : v.getDouble(0);
        }
        if (pads == null || !node.attrString("mode", "constant").equals("constant") || value != 0) {
            ctx.problem(node, "only constant zero padding with static pads has a Keras layer");
            return;
        }
        int rank = pads.length / 2;
        int n = rank - 2;
        if (n < 1 || n > 2 || pads[0] != 0 || pads[rank] != 0 || pads[rank - 1] != 0 || pads[2 * rank - 1] != 0) {
            ctx.problem(node, "pads " + Arrays.toString(pads) + " touch the batch or channel axis, or a rank other "
                    + "than 3 or 4; Keras pads only the spatial axes");
            return;
        }
        long[] spatial = new long[2 * n];
        boolean allNonNeg = true;
        boolean allNonPos = true;
        for (int i = 0; i < n; i++) {
            spatial[2 * i] = pads[1 + i];
            spatial[2 * i + 1] = pads[rank + 1 + i];
        }
        for (long p : spatial) {
            allNonNeg &= p >= 0;
            allNonPos &= p <= 0;
        }
        if (!allNonNeg && !allNonPos) {
            ctx.problem(node, "mixes padding and cropping (" + Arrays.toString(pads) + ")");
            return;
        }
        KerasLayer in = ctx.in(node, 0);
        if (in == null) {
            return;
        }
        String key = allNonNeg ? "padding" : "cropping";
        int sign = allNonNeg ? 1 : -1;
        ObjectNode c = ctx.config();
        ArrayNode a = c.putArray(key);
        if (n == 1) {
            a.add(sign * spatial[0]).add(sign * spatial[1]);
        } else {
            a.addArray().add(sign * spatial[0]).add(sign * spatial[1]);
            a.addArray().add(sign * spatial[2]).add(sign * spatial[3]);
            c.put("data_format", "channels_last");
        }
        String cls = (allNonNeg ? "ZeroPadding" : "Cropping") + n + "D";
        ctx.bind(node.output(0), ctx.add(ExportContext.layerName(node), cls, c, List.of(in)));
    }
}
