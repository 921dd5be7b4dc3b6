package dev.rosetta.formats.keras.write;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * The model config JSON of a {@link KerasGraph}: the Keras 2 / tf.keras Functional form
 * ({@code class_name: "Model"}, which tf.keras 2.x and Keras 3's legacy loader both accept; inbound
 * nodes {@code [[[name, 0, 0, {}], ...]]}) for legacy HDF5, and the Keras 3 form ({@code module},
 * {@code registered_name}, inbound nodes of {@code __keras_tensor__} args) for {@code .keras}.
 */
public final class ModelConfigJson {
    /** Layers whose call takes a list of tensors. */
    private static final Set<String> LIST_INPUT = Set.of("Add", "Subtract", "Multiply", "Average", "Maximum",
            "Minimum", "Concatenate");

    private ModelConfigJson() {
    }

    /** The root object Keras 2 stores in the {@code model_config} attribute. */
    public static ObjectNode keras2(KerasGraph g, String kerasVersion) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("class_name", "Model");
        ObjectNode config = root.putObject("config");
        config.put("name", g.name());
        ArrayNode layers = config.putArray("layers");
        for (KerasLayer l : g.layers()) {
            ObjectNode e = layers.addObject();
            e.put("name", l.name());
            e.put("class_name", l.className());
            e.set("config", l.config());
            ArrayNode inbound = e.putArray("inbound_nodes");
            if (!l.inbound().isEmpty()) {
                ArrayNode node = inbound.addArray();
                for (String in : l.inbound()) {
                    node.addArray().add(in).add(0).add(0).addObject();
                }
            }
        }
        refs(config.putArray("input_layers"), g.inputs());
        refs(config.putArray("output_layers"), g.outputs());
        root.put("keras_version", kerasVersion);
        root.put("backend", "tensorflow");
        return root;
    }

    /** The {@code config.json} of a Keras 3 archive. */
    public static ObjectNode keras3(KerasGraph g) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("module", "keras");
        root.put("class_name", "Functional");
        ObjectNode config = root.putObject("config");
        config.put("name", g.name());
        config.put("trainable", true);
        ArrayNode layers = config.putArray("layers");
        for (KerasLayer l : g.layers()) {
            ObjectNode e = layers.addObject();
            e.put("module", "keras.layers");
            e.put("class_name", l.className());
            e.set("config", l.config());
            e.putNull("registered_name");
            e.put("name", l.name());
            ArrayNode inbound = e.putArray("inbound_nodes");
            if (!l.inbound().isEmpty()) {
                ObjectNode node = inbound.addObject();
                ArrayNode args = node.putArray("args");
                ArrayNode target = LIST_INPUT.contains(l.className()) ? args.addArray() : args;
                for (String in : l.inbound()) {
                    target.add(kerasTensor(g.layer(in)));
                }
                node.putObject("kwargs");
            }
        }
        refs(config.putArray("input_layers"), g.inputs());
        refs(config.putArray("output_layers"), g.outputs());
        root.put("registered_name", "Functional");
        root.putNull("build_config");
        root.putNull("compile_config");
        return root;
    }

    private static ObjectNode kerasTensor(KerasLayer producer) {
        ObjectNode t = JsonNodeFactory.instance.objectNode();
        t.put("class_name", "__keras_tensor__");
        ObjectNode c = t.putObject("config");
        long[] shape = producer.outputShape();
        if (shape == null) {
            c.putNull("shape");
        } else {
            ArrayNode s = c.putArray("shape");
            for (long d : shape) {
                if (d < 0) {
                    s.addNull();
                } else {
                    s.add(d);
                }
            }
        }
        c.put("dtype", producer.dtype().shortName());
        c.putArray("keras_history").add(producer.name()).add(0).add(0);
        return t;
    }

    private static void refs(ArrayNode a, java.util.List<String> names) {
        for (String n : names) {
            a.addArray().add(n).add(0).add(0);
        }
    }
}
