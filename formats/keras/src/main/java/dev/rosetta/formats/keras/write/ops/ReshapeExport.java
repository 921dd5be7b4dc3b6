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
 * {@code Reshape} with a static shape that keeps the batch axis ({@code 0}, or {@code -1} with every
 * other size given, or the batch size itself) to {@code Reshape(target_shape)}.
 */
public final class ReshapeExport implements OpExporter {
    @Override
    public void export(ExportContext ctx, Node node) {
        long[] shape = node.attrInts("shape", null);
        if (shape == null && node.input(1) != null) {
            Tensor t = ctx.constant(node.input(1));
            shape = t == null ? null : t.toLongArray();
        }
        if (shape == null || shape.length < 1) {
            ctx.problem(node, "needs a static target shape");
            return;
        }
        long batch = ExportContext.size(node.input(0), 0);
        long[] rest = Arrays.copyOfRange(shape, 1, shape.length);
        boolean restKnown = Arrays.stream(rest).allMatch(s -> s > 0);
        boolean keepsBatch = shape[0] == 0 && node.attrInt("allowzero", 0) == 0
                || shape[0] == -1 && restKnown || batch > 0 && shape[0] == batch;
        if (!keepsBatch || Arrays.stream(rest).anyMatch(s -> s == 0 || s < -1)) {
            ctx.problem(node, "target shape " + Arrays.toString(shape) + " does not keep the batch axis as Keras's "
                    + "Reshape does");
            return;
        }
        KerasLayer in = ctx.in(node, 0);
        if (in == null) {
            return;
        }
        ObjectNode c = ctx.config();
        ArrayNode a = c.putArray("target_shape");
        for (long s : rest) {
            a.add(s);
        }
        ctx.bind(node.output(0), ctx.add(ExportContext.layerName(node), "Reshape", c, List.of(in)));
    }
}
