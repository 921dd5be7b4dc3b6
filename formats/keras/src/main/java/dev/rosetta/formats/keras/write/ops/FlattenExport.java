package dev.rosetta.formats.keras.write.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rosetta.formats.keras.write.ExportContext;
import dev.rosetta.formats.keras.write.KerasLayer;
import dev.rosetta.formats.keras.write.OpExporter;
import dev.rosetta.ir.Node;
import java.util.List;

/**
 * {@code Flatten(axis=1)} to Keras {@code Flatten} (channels_last: the same row-major order as the
 * IR tensor); a rank-2 input needs no layer.
 */
public final class FlattenExport implements OpExporter {
    @Override
    public void export(ExportContext ctx, Node node) {
        if (node.attrInt("axis", 1) != 1) {
            ctx.problem(node, "Flatten with axis " + node.attrInt("axis", 1) + " has no Keras layer (axis 1 does)");
            return;
        }
        KerasLayer in = ctx.in(node, 0);
        if (in == null) {
            return;
        }
        if (ExportContext.rank(node.input(0)) == 2) {
            ctx.alias(node.output(0), node.input(0));
            return;
        }
        ObjectNode c = ctx.config();
        c.put("data_format", "channels_last");
        ctx.bind(node.output(0), ctx.add(ExportContext.layerName(node), "Flatten", c, List.of(in)));
    }
}
