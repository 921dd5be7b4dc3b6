package dev.rosetta.formats.keras.write.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rosetta.formats.keras.write.ExportContext;
import dev.rosetta.formats.keras.write.KerasLayer;
import dev.rosetta.formats.keras.write.OpExporter;
import dev.rosetta.ir.Node;
import java.util.List;

/**
 * Elementwise activations, each one line in {@link dev.rosetta.formats.keras.write.OpExporters}:
 * a Keras layer class with a config filled from the node ({@code ReLU}, {@code LeakyReLU},
 * {@code ELU}, {@code Softmax}), or {@code Activation} with a function name.
 */
public final class ActivationExport implements OpExporter {
    /** Fills a layer's config from the node; returns a problem line, or null when fine. */
    @FunctionalInterface
    public interface Configurer {
        String configure(ExportContext ctx, Node node, ObjectNode config);
    }

    private final String className;
    private final Configurer configurer;

    private ActivationExport(String className, Configurer configurer) {
        this.className = className;
        this.configurer = configurer;
    }

    /** A layer of class {@code className} configured by {@code configurer}. */
    public static ActivationExport layer(String className, Configurer configurer) {
        return new ActivationExport(className, configurer);
    }

    /** {@code Activation(name)}. */
    public static ActivationExport function(String name) {
        return new ActivationExport("Activation", (ctx, node, c) -> {
            c.put("activation", name);
            return null;
        });
    }

    @Override
    public void export(ExportContext ctx, Node node) {
        ObjectNode c = ctx.config();
        String problem = configurer.configure(ctx, node, c);
        if (problem != null) {
            ctx.problem(node, problem);
            return;
        }
        KerasLayer in = ctx.in(node, 0);
        if (in == null) {
            return;
        }
        ctx.bind(node.output(0), ctx.add(ExportContext.layerName(node), className, c, List.of(in)));
    }

    /** {@code ReLU} config: max_value (null), negative_slope, threshold. */
    public static void relu(ObjectNode c, Double max, double slope, double threshold) {
        if (max == null) {
            c.putNull("max_value");
        } else {
            c.put("max_value", max);
        }
        c.put("negative_slope", slope);
        c.put("threshold", threshold);
    }

    /** The bounds of a Clip node: attributes or constant scalar inputs; null entries when absent. */
    public static Double[] clipBounds(ExportContext ctx, Node node) {
        Double[] out = new Double[2];
        String[] keys = {"min", "max"};
        for (int i = 0; i < 2; i++) {
            if (node.attribute(keys[i]) != null) {
                out[i] = (double) node.attrFloat(keys[i], 0f);
            } else if (node.input(i + 1) != null) {
                var t = ctx.constant(node.input(i + 1));
                out[i] = t == null || t.elementCount() != 1 ? Double.NaN : t.getDouble(0);
            }
        }
        return out;
    }
}
