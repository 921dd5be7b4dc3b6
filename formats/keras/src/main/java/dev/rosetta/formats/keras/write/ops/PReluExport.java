package dev.rosetta.formats.keras.write.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rosetta.formats.keras.write.ExportContext;
import dev.rosetta.formats.keras.write.KerasLayer;
import dev.rosetta.formats.keras.write.KerasWeight;
import dev.rosetta.formats.keras.write.OpExporter;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import java.util.List;

/**
 * {@code PRelu} to {@code PReLU}: a slope with the input's shape without the batch axis is the
 * alpha as it is; a slope of one value per channel (the last axis) shares the other axes
 * ({@code shared_axes}) with alpha shaped {@code (1, ..., 1, C)}.
 */
public final class PReluExport implements OpExporter {
    @Override
    public void export(ExportContext ctx, Node node) {
        Tensor slope = ctx.constant(node.input(1));
        int rank = ExportContext.rank(node.input(0));
        if (slope == null || rank < 2) {
            ctx.problem(node, "needs a constant slope and an input of known rank");
            return;
        }
        long channels = ExportContext.size(node.input(0), -1);
        long[] s = slope.shape();
        long[] alphaShape = new long[rank - 1];
        ObjectNode c = ctx.config();
        boolean full = s.length == rank - 1;
        for (int i = 0; full && i < s.length; i++) {
            long d = ExportContext.size(node.input(0), i + 1);
            full = d > 0 && d == s[i];
        }
        if (full) {
            alphaShape = s;
            c.putNull("shared_axes");
        } else if (slope.elementCount() == channels && (s.length == 1 || s[s.length - 1] == channels)) {
            java.util.Arrays.fill(alphaShape, 1);
            alphaShape[rank - 2] = channels;
            ArrayNode shared = c.putArray("shared_axes");
            for (int i = 1; i < rank - 1; i++) {
                shared.add(i);
            }
        } else {
            ctx.problem(node, "slope of shape " + java.util.Arrays.toString(s) + " is neither per element nor per channel "
                    + "(last axis)");
            return;
        }
        KerasLayer in = ctx.in(node, 0);
        if (in == null) {
            return;
        }
        KerasLayer layer = ctx.add(ExportContext.layerName(node), "PReLU", c, List.of(in));
        if (layer != null) {
            layer.weight(KerasWeight.of("alpha", slope.reshape(alphaShape)));
        }
        ctx.bind(node.output(0), layer);
    }
}
