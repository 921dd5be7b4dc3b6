package dev.rosetta.formats.keras.write.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rosetta.formats.keras.write.ExportContext;
import dev.rosetta.formats.keras.write.KerasLayer;
import dev.rosetta.formats.keras.write.OpExporter;
import dev.rosetta.ir.Node;
import java.util.List;

/** {@code Transpose} that keeps the batch axis first to {@code Permute(dims)} (axes counted from 1). */
public final class TransposeExport implements OpExporter {
    @Override
    public void export(ExportContext ctx, Node node) {
        long[] perm = node.attrInts("perm", null);
        if (perm == null || perm.length < 2 || perm[0] != 0) {
            ctx.problem(node, "only a transpose that keeps the batch axis first has a Keras layer (Permute)");
            return;
        }
        KerasLayer in = ctx.in(node, 0);
        if (in == null) {
            return;
        }
        ObjectNode c = ctx.config();
        ArrayNode a = c.putArray("dims");
        for (int i = 1; i < perm.length; i++) {
            a.add(perm[i]);
        }
        ctx.bind(node.output(0), ctx.add(ExportContext.layerName(node), "Permute", c, List.of(in)));
    }
}
