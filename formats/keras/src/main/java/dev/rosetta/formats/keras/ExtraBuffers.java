package dev.rosetta.formats.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rosetta.error.MalformedInputException;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import dev.rosetta.formats.keras.config.KerasJson;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Small tensors no operator reads — PyTorch's BatchNorm {@code num_batches_tracked} counters —
 * which a Keras model has no weight slot for. They travel in the root attribute
 * {@value #ATTRIBUTE} (JSON: name → {dtype, shape, values}), which Keras ignores, so that a
 * PyTorch → Keras → PyTorch round trip gives back every tensor. Only tensors of at most
 * {@value #MAX_ELEMENTS} elements are carried.
 */
final class ExtraBuffers {
    static final String ATTRIBUTE = "rosetta_buffers";
    static final int MAX_ELEMENTS = 16;
    private static final int MAX_ENTRIES = 100_000;

    private ExtraBuffers() {
    }

    /** The JSON for the graph's unread small initializers, or {@code null} when there are none. */
    static String collect(Graph graph) {
        Set<Value> read = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node n : graph.nodes()) {
            n.inputs().forEach(v -> {
                if (v != null) {
                    read.add(v);
                }
            });
        }
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        for (Value v : graph.initializers()) {
            Tensor t = v.constant();
            if (read.contains(v) || graph.outputs().contains(v) || t.elementCount() > MAX_ELEMENTS) {
                continue;
            }
            ObjectNode e = root.putObject(v.name());
            e.put("dtype", t.dtype().shortName());
            ArrayNode shape = e.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            ArrayNode values = e.putArray("values");
            for (long i = 0; i < t.elementCount(); i++) {
                if (t.dtype().isFloatingPoint()) {
                    values.add(t.getDouble(i));
                } else {
                    values.add(t.getLong(i));
                }
            }
        }
        return root.isEmpty() ? null : root.toString();
    }

    /** Adds the carried tensors to {@code graph} as initializers (names already present are kept). */
    static void restore(String json, Graph graph, Path file) {
        JsonNode root = KerasJson.parse(json, file, "attribute '" + ATTRIBUTE + "'");
        if (!root.isObject() || root.size() > MAX_ENTRIES) {
            throw new MalformedInputException(file, "attribute '" + ATTRIBUTE + "'", "expected an object of tensors");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (graph.initializer(e.getKey()) != null) {
                continue;
            }
            String place = "attribute '" + ATTRIBUTE + "', tensor '" + e.getKey() + "'";
            JsonNode shapeNode = e.getValue().path("shape");
            JsonNode valuesNode = e.getValue().path("values");
            if (!shapeNode.isArray() || !valuesNode.isArray() || shapeNode.size() > 8 || valuesNode.size() > MAX_ELEMENTS) {
                throw new MalformedInputException(file, place, "expected dtype, a shape and at most " + MAX_ELEMENTS + " values");
            }
            DType dtype;
            try {
                dtype = DType.fromShortName(e.getValue().path("dtype").asText());
            } catch (IllegalArgumentException ex) {
                throw new MalformedInputException(file, place, ex.getMessage());
            }
            long[] shape = new long[shapeNode.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeNode.get(i).asLong(-1);
            }
            double[] values = new double[valuesNode.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = valuesNode.get(i).asDouble();
            }
            Tensor t;
            try {
                t = Tensor.fromDoubles(dtype, shape, values);
            } catch (RuntimeException ex) {
                throw new MalformedInputException(file, place, "shape and values disagree: " + ex.getMessage());
            }
            graph.addInitializer(Value.constant(e.getKey(), t, Layout.NONE));
        }
    }
}
