package dev.rosetta.formats.keras.write.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rosetta.formats.keras.write.ExportContext;
import dev.rosetta.formats.keras.write.KerasLayer;
import dev.rosetta.formats.keras.write.OpExporter;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Value;
import java.util.List;

/**
 * Elementwise merges of activations to {@code Add}, {@code Subtract}, {@code Multiply},
 * {@code Maximum}, {@code Minimum} ({@code Sum} to {@code Add}). {@code Mul(x, Sigmoid(x))}, marked
 * by {@link SwishFusion}, becomes {@code Activation('swish')}. A constant operand (other than a
 * Dense bias, which {@link DenseExport} absorbs) has no Keras layer.
 */
public final class MergeExport implements OpExporter {
    private final String className;

    public MergeExport(String className) {
        this.className = className;
    }

    @Override
    public void export(ExportContext ctx, Node node) {
        if (className.equals("Multiply") && SwishFusion.isSwish(ctx, node)) {
            Value x = SwishFusion.input(node);
            KerasLayer in = ctx.in(node, node.input(0) == x ? 0 : 1);
            if (in == null) {
                return;
            }
            ObjectNode c = ctx.config();
            c.put("activation", "swish");
            ctx.bind(node.output(0), ctx.add(ExportContext.layerName(node), "Activation", c, List.of(in)));
            return;
        }
        List<KerasLayer> ins = ctx.allInputs(node);
        if (ins == null) {
            return;
        }
        if (ins.size() < 2) {
            if (ins.size() == 1 && node.opType().equals("Sum")) {
                ctx.alias(node.output(0), node.input(0));
                return;
            }
            ctx.problem(node, "a Keras merge layer needs at least 2 inputs");
            return;
        }
        ctx.bind(node.output(0), ctx.add(ExportContext.layerName(node), className, ctx.config(), ins));
    }
}
