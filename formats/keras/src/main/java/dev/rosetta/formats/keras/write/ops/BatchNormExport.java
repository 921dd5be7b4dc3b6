package dev.rosetta.formats.keras.write.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rosetta.formats.keras.write.ExportContext;
import dev.rosetta.formats.keras.write.KerasLayer;
import dev.rosetta.formats.keras.write.KerasWeight;
import dev.rosetta.formats.keras.write.OpExporter;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import java.util.List;

/**
 * {@code BatchNormalization} (channels-last, or a rank-2 input) to Keras {@code BatchNormalization}
 * over the last axis with the node's {@code epsilon} and {@code momentum}; weights gamma, beta,
 * moving_mean, moving_variance.
 */
public final class BatchNormExport implements OpExporter {
    @Override
    public void export(ExportContext ctx, Node node) {
        if (!ctx.requireChannelsLast(node)) {
            return;
        }
        Tensor[] p = new Tensor[4];
        for (int i = 0; i < 4; i++) {
            p[i] = ctx.constant(node.input(i + 1));
            if (p[i] == null) {
                ctx.problem(node, "needs constant scale, bias, mean and variance");
                return;
            }
        }
        KerasLayer in = ctx.in(node, 0);
        if (in == null) {
            return;
        }
        ObjectNode c = ctx.config();
        c.put("axis", -1);
        c.put("momentum", node.attrFloat("momentum", 0.99f));
        c.put("epsilon", node.attrFloat("epsilon", 1e-5f));
        c.put("center", true);
        c.put("scale", true);
        KerasLayer layer = ctx.add(ExportContext.layerName(node), "BatchNormalization", c, List.of(in));
        if (layer == null) {
            return;
        }
        String[] names = {"gamma", "beta", "moving_mean", "moving_variance"};
        for (int i = 0; i < 4; i++) {
            layer.weight(KerasWeight.of(names[i], p[i].reshape(p[i].elementCount())));
        }
        ctx.bind(node.output(0), layer);
    }
}
