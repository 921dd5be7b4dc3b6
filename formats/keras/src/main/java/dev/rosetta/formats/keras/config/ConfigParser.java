package dev.rosetta.formats.keras.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rosetta.error.MalformedInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a Keras model config into a {@link ModelSpec}. Understands every form the corpus and the
 * Keras sources show:
 * <ul>
 *   <li>Keras 2.0-2.1 Sequential, whose {@code config} is the list of layers itself;</li>
 *   <li>Keras 2.2+ and tf.keras Sequential ({@code config.layers}, with or without an
 *       {@code InputLayer} first) and Functional ({@code class_name} {@code Model} or
 *       {@code Functional}) with inbound nodes as {@code [[[name, node, tensor, kwargs], ...]]};</li>
 *   <li>Keras 3 ({@code module}, {@code registered_name}), whose inbound nodes are
 *       {@code {"args": [...], "kwargs": {...}}} holding {@code __keras_tensor__} objects with a
 *       {@code keras_history};</li>
 *   <li>models used as layers (nested Sequential or Functional), parsed recursively.</li>
 * </ul>
 * Problems are {@link MalformedInputException}s that name the file, the place and the layer.
 */
public final class ConfigParser {
    /** Class names of models that may appear as the root or as a layer. */
    public static final Set<String> MODEL_CLASSES = Set.of("Sequential", "Model", "Functional");

    private final Path file;
    private final String place;

    /**
     * @param file the file named in errors
     * @param place where the config came from ("attribute 'model_config'", "config.json")
     */
    public ConfigParser(Path file, String place) {
        this.file = file;
        this.place = place;
    }

    /** Parses a root config object ({@code {"class_name": ..., "config": ...}}). */
    public ModelSpec parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw bad("the model config", "expected a JSON object with 'class_name' and 'config', found "
                    + kind(root));
        }
        String cls = text(root, "class_name", "the model config");
        if (!MODEL_CLASSES.contains(cls)) {
            throw bad("the model config", "expected class_name Sequential, Model or Functional, found '" + cls
                    + "' (a model saved as a single layer or a subclassed model has no graph to read)");
        }
        return parseModel(cls, root.get("config"), 0);
    }

    private ModelSpec parseModel(String cls, JsonNode config, int depth) {
        if (depth > 32) {
            throw bad("the model config", "models nested more than 32 deep");
        }
        if (config == null || config.isNull()) {
            throw bad("model of class " + cls, "expected a 'config', found none");
        }
        if (cls.equals("Sequential")) {
            return parseSequential(config, depth);
        }
        return parseFunctional(cls, config, depth);
    }

    private ModelSpec parseSequential(JsonNode config, int depth) {
        JsonNode layersNode;
        String name = "sequential";
        if (config.isArray()) {
            layersNode = config;
        } else if (config.isObject()) {
            layersNode = config.get("layers");
            if (config.hasNonNull("name")) {
                name = config.get("name").asText();
            }
        } else {
            throw bad("Sequential config", "expected an object or a list of layers, found " + kind(config));
        }
        if (layersNode == null || !layersNode.isArray()) {
            throw bad("Sequential model '" + name + "'", "expected a list 'layers', found " + kind(layersNode));
        }
        List<LayerSpec> layers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        String previous = null;
        boolean synthetic = false;
        for (int i = 0; i < layersNode.size(); i++) {
            JsonNode l = layersNode.get(i);
            String where = "layer " + i + " of Sequential model '" + name + "'";
            if (!l.isObject()) {
                throw bad(where, "expected an object, found " + kind(l));
            }
            String cls = text(l, "class_name", where);
            JsonNode lc = l.get("config");
            if (lc == null || !lc.isObject()) {
                throw bad(where, "expected a 'config' object, found " + kind(lc));
            }
            String lname = lc.hasNonNull("name") ? lc.get("name").asText()
                    : l.hasNonNull("name") ? l.get("name").asText() : cls.toLowerCase() + "_" + i;
            if (cls.equals("InputLayer")) {
                if (previous != null) {
                    throw bad(where, "an InputLayer may only come first in a Sequential model");
                }
                layers.add(new LayerSpec(lname, cls, lc, List.of(), null));
                names.add(lname);
                previous = lname;
                continue;
            }
            if (previous == null) {
                JsonNode shape = firstNonNull(lc, "batch_input_shape", "batch_shape");
                if (shape == null && config.isObject()) {
                    shape = config.get("build_input_shape");
                }
                if (shape == null && lc.hasNonNull("input_shape")) {
                    shape = prependNull(lc.get("input_shape"));
                }
                ObjectNode input = JsonNodeFactory.instance.objectNode();
                String inputName = lname + "_input";
                input.put("name", inputName);
                if (shape != null) {
                    input.set("batch_input_shape", shape);
                }
                if (lc.has("dtype")) {
                    input.set("dtype", lc.get("dtype"));
                }
                layers.add(new LayerSpec(inputName, "InputLayer", input, List.of(), null));
                names.add(inputName);
                previous = inputName;
                synthetic = true;
            }
            if (!names.add(lname)) {
                throw bad(where, "layer name '" + lname + "' is used twice");
            }
            ModelSpec nested = MODEL_CLASSES.contains(cls) ? parseModel(cls, lc, depth + 1) : null;
            LayerCall call = new LayerCall(List.of(new TensorRef(previous, 0, 0)), JsonNodeFactory.instance.objectNode());
            layers.add(new LayerSpec(lname, cls, lc, List.of(call), nested));
            previous = lname;
        }
        if (previous == null) {
            throw bad("Sequential model '" + name + "'", "expected at least one layer, found none");
        }
        String inputName = layers.get(0).name();
        return new ModelSpec("Sequential", name, layers, List.of(new TensorRef(inputName, 0, 0)),
                List.of(new TensorRef(previous, 0, 0)), true, synthetic);
    }

    private ModelSpec parseFunctional(String cls, JsonNode config, int depth) {
        if (!config.isObject()) {
            throw bad(cls + " config", "expected an object, found " + kind(config));
        }
        String name = config.hasNonNull("name") ? config.get("name").asText() : "model";
        String where = cls + " model '" + name + "'";
        JsonNode layersNode = config.get("layers");
        if (layersNode == null || !layersNode.isArray()) {
            throw bad(where, "expected a list 'layers', found " + kind(layersNode));
        }
        List<LayerSpec> layers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < layersNode.size(); i++) {
            JsonNode l = layersNode.get(i);
            String lw = "layer " + i + " of " + where;
            if (!l.isObject()) {
                throw bad(lw, "expected an object, found " + kind(l));
            }
            String lcls = text(l, "class_name", lw);
            JsonNode lc = l.get("config");
            if (lc == null || !lc.isObject()) {
                throw bad(lw, "expected a 'config' object, found " + kind(lc));
            }
            String lname = l.hasNonNull("name") ? l.get("name").asText()
                    : lc.hasNonNull("name") ? lc.get("name").asText() : null;
            if (lname == null) {
                throw bad(lw, "expected a layer 'name', found none");
            }
            if (!names.add(lname)) {
                throw bad(lw, "layer name '" + lname + "' is used twice");
            }
            lw = "layer '" + lname + "' (" + lcls + ") of " + where;
            List<LayerCall> calls = parseInbound(l.get("inbound_nodes"), lw);
            ModelSpec nested = MODEL_CLASSES.contains(lcls) ? parseModel(lcls, lc, depth + 1) : null;
            layers.add(new LayerSpec(lname, lcls, lc, calls, nested));
        }
        List<TensorRef> inputs = parseRefs(config.get("input_layers"), where + " 'input_layers'");
        List<TensorRef> outputs = parseRefs(config.get("output_layers"), where + " 'output_layers'");
        if (outputs.isEmpty()) {
            throw bad(where, "expected at least one entry in 'output_layers', found none");
        }
        for (TensorRef r : inputs) {
            if (!names.contains(r.layer())) {
                throw bad(where + " 'input_layers'", "names layer '" + r.layer() + "', which the model does not have");
            }
        }
        for (TensorRef r : outputs) {
            if (!names.contains(r.layer())) {
                throw bad(where + " 'output_layers'", "names layer '" + r.layer() + "', which the model does not have");
            }
        }
        return new ModelSpec(cls, name, layers, inputs, outputs, false, false);
    }

    private List<LayerCall> parseInbound(JsonNode inbound, String where) {
        List<LayerCall> calls = new ArrayList<>();
        if (inbound == null || inbound.isNull()) {
            return calls;
        }
        if (!inbound.isArray()) {
            throw bad(where + " 'inbound_nodes'", "expected a list, found " + kind(inbound));
        }
        for (int i = 0; i < inbound.size(); i++) {
            JsonNode node = inbound.get(i);
            String nw = where + " inbound node " + i;
            if (node.isObject() && (node.has("args") || node.has("kwargs"))) {
                List<TensorRef> refs = new ArrayList<>();
                collectKerasTensors(node.get("args"), refs, nw, 0);
                JsonNode kwargs = node.get("kwargs");
                calls.add(new LayerCall(refs, kwargs == null ? JsonNodeFactory.instance.objectNode() : kwargs));
            } else if (node.isArray()) {
                List<TensorRef> refs = new ArrayList<>();
                JsonNode kwargs = JsonNodeFactory.instance.objectNode();
                for (int j = 0; j < node.size(); j++) {
                    JsonNode entry = node.get(j);
                    refs.add(ref(entry, nw + " entry " + j));
                    if (entry.size() > 3 && entry.get(3).isObject() && !entry.get(3).isEmpty()) {
                        kwargs = entry.get(3);
                    }
                }
                calls.add(new LayerCall(refs, kwargs));
            } else {
                throw bad(nw, "expected a list of [layer, node, tensor] entries or an {args, kwargs} object, found "
                        + kind(node));
            }
        }
        return calls;
    }

    private void collectKerasTensors(JsonNode n, List<TensorRef> out, String where, int depth) {
        if (n == null || depth > 16) {
            return;
        }
        if (n.isArray()) {
            for (JsonNode c : n) {
                collectKerasTensors(c, out, where, depth + 1);
            }
        } else if (n.isObject()) {
            if ("__keras_tensor__".equals(n.path("class_name").asText())) {
                JsonNode hist = n.path("config").get("keras_history");
                out.add(ref(hist, where + " keras_history"));
            } else {
                for (JsonNode c : n) {
                    collectKerasTensors(c, out, where, depth + 1);
                }
            }
        }
    }

    private List<TensorRef> parseRefs(JsonNode n, String where) {
        List<TensorRef> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            throw bad(where, "expected a list, found " + kind(n));
        }
        if (!n.isEmpty() && n.get(0).isTextual()) {
            out.add(ref(n, where));
            return out;
        }
        for (int i = 0; i < n.size(); i++) {
            out.add(ref(n.get(i), where + " entry " + i));
        }
        return out;
    }

    private TensorRef ref(JsonNode n, String where) {
        if (n == null || !n.isArray() || n.size() < 3 || !n.get(0).isTextual()
                || !n.get(1).canConvertToInt() || !n.get(2).canConvertToInt()) {
            throw bad(where, "expected [layer_name, node_index, tensor_index], found " + abbreviate(n));
        }
        int node = n.get(1).asInt();
        int tensor = n.get(2).asInt();
        if (node < 0 || tensor < 0) {
            throw bad(where, "expected non-negative node and tensor indices, found " + abbreviate(n));
        }
        return new TensorRef(n.get(0).asText(), node, tensor);
    }

    private static JsonNode firstNonNull(JsonNode obj, String... keys) {
        for (String k : keys) {
            if (obj.hasNonNull(k)) {
                return obj.get(k);
            }
        }
        return null;
    }

    private static JsonNode prependNull(JsonNode shape) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        a.addNull();
        if (shape.isArray()) {
            shape.forEach(a::add);
        }
        return a;
    }

    private String text(JsonNode obj, String key, String where) {
        JsonNode v = obj.get(key);
        if (v == null || !v.isTextual()) {
            throw bad(where, "expected a string '" + key + "', found " + kind(v));
        }
        return v.asText();
    }

    private MalformedInputException bad(String where, String problem) {
        return new MalformedInputException(file, place + ": " + where, problem);
    }

    static String kind(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "nothing";
        }
        return switch (n.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case STRING -> "the string '" + abbreviate(n) + "'";
            case NUMBER -> "the number " + n.asText();
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> n.getNodeType().toString().toLowerCase();
        };
    }

    private static String abbreviate(JsonNode n) {
        String s = n == null ? "nothing" : n.isTextual() ? n.asText() : n.toString();
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
