package dev.rosetta.formats.keras.write.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rosetta.formats.keras.write.ExportContext;
import dev.rosetta.formats.keras.write.KerasLayer;
import dev.rosetta.formats.keras.write.OpExporter;
import dev.rosetta.ir.Node;
import java.util.List;

/** {@code Concat} of activations to {@code Concatenate(axis)}; the batch axis cannot be concatenated. */
public final class ConcatExport implements OpExporter {
    @Override
    public void export(ExportContext ctx, Node node) {
        long axis = node.attrInt("axis", 1);
        int rank = ExportContext.rank(node.output(0));
        if (axis == 0 || rank > 0 && axis == -rank) {
            ctx.problem(node, "concatenates along the batch axis, which Keras cannot");
            return;
        }
        List<KerasLayer> ins = ctx.allInputs(node);
        if (ins == null) {
            return;
        }
        ObjectNode c = ctx.config();
        c.put("axis", axis);
        if (ins.size() == 1) {
            ctx.alias(node.output(0), node.input(0));
            return;
        }
        ctx.bind(node.output(0), ctx.add(ExportContext.layerName(node), "Concatenate", c, ins));
    }
}
