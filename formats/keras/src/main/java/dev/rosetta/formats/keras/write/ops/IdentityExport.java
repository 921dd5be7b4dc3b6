package dev.rosetta.formats.keras.write.ops;

import dev.rosetta.formats.keras.write.ExportContext;
import dev.rosetta.formats.keras.write.OpExporter;
import dev.rosetta.ir.Node;

/** {@code Identity} and inference-time {@code Dropout}: no layer; the output is the input. */
public final class IdentityExport implements OpExporter {
    @Override
    public void export(ExportContext ctx, Node node) {
        if (ctx.in(node, 0) != null) {
            ctx.alias(node.output(0), node.input(0));
        }
    }
}
