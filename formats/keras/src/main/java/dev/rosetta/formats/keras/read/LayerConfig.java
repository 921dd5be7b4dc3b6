package dev.rosetta.formats.keras.read;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rosetta.error.MalformedInputException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Typed access to one layer's {@code config} object, with errors that name the file, the layer
 * and the key. Keras writes tuples either as lists or, for 1-D layers and older versions, as bare
 * integers; {@link #ints} accepts both.
 */
public final class LayerConfig {
    private final Path file;
    private final String layerName;
    private final String className;
    private final JsonNode config;
    private final int kerasMajor;

    /**
     * @param kerasMajor 2 for Keras 2 / tf.keras files, 3 for Keras 3 (semantics of a few
     *     activations changed)
     */
    public LayerConfig(Path file, String layerName, String className, JsonNode config, int kerasMajor) {
        this.file = file;
        this.layerName = layerName;
        this.className = className;
        this.config = config;
        this.kerasMajor = kerasMajor;
    }

    public String layerName() {
        return layerName;
    }

    public String className() {
        return className;
    }

    public JsonNode json() {
        return config;
    }

    /** 2 for Keras 2 and tf.keras, 3 for Keras 3. */
    public int kerasMajor() {
        return kerasMajor;
    }

    /** {@code 'name' (Class)}, as used in messages. */
    public String describe() {
        return "layer '" + layerName + "' (" + className + ")";
    }

    public boolean has(String key) {
        return config.hasNonNull(key);
    }

    /** A string, or {@code fallback} when absent or null. */
    public String str(String key, String fallback) {
        JsonNode v = config.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw bad(key, "expected a string, found " + v);
        }
        return v.asText();
    }

    /** A number, or {@code fallback} when absent or null. */
    public double num(String key, double fallback) {
        JsonNode v = config.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw bad(key, "expected a number, found " + v);
        }
        return v.asDouble();
    }

    /** A number, or {@code null} when absent or null. */
    public Double optNum(String key) {
        JsonNode v = config.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw bad(key, "expected a number or null, found " + v);
        }
        return v.asDouble();
    }

    /** An integer, or {@code fallback} when absent or null. */
    public long integer(String key, long fallback) {
        JsonNode v = config.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.isArray() && v.size() == 1) {
            v = v.get(0);
        }
        if (!v.canConvertToLong() || !v.isIntegralNumber() && v.asDouble() != Math.rint(v.asDouble())) {
            throw bad(key, "expected an integer, found " + v);
        }
        return v.asLong();
    }

    /** A boolean, or {@code fallback} when absent or null. */
    public boolean bool(String key, boolean fallback) {
        JsonNode v = config.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw bad(key, "expected true or false, found " + v);
        }
        return v.asBoolean();
    }

    /**
     * A tuple of {@code n} integers: a list of that length or one integer repeated; {@code fallback}
     * (which may be null) when absent or null.
     */
    public long[] ints(String key, int n, long[] fallback) {
        JsonNode v = config.get(key);
        if (v == null || v.isNull()) {
            return fallback == null ? null : fallback.clone();
        }
        long[] out = new long[n];
        if (v.isIntegralNumber()) {
            Arrays.fill(out, v.asLong());
            return out;
        }
        if (!v.isArray() || v.size() != n) {
            throw bad(key, "expected " + n + (n == 1 ? " integer" : " integers") + ", found " + v);
        }
        for (int i = 0; i < n; i++) {
            if (!v.get(i).isIntegralNumber()) {
                throw bad(key, "expected integers, found " + v);
            }
            out[i] = v.get(i).asLong();
        }
        return out;
    }

    /** A list of integers of any length (nulls become -1), or {@code null} when absent. */
    public long[] intList(String key) {
        JsonNode v = config.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw bad(key, "expected a list of integers, found " + v);
        }
        long[] out = new long[v.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode e = v.get(i);
            if (e.isNull()) {
                out[i] = -1;
            } else if (e.isIntegralNumber()) {
                out[i] = e.asLong();
            } else {
                throw bad(key, "expected a list of integers, found " + v);
            }
        }
        return out;
    }

    /**
     * The activation name: a string, or the {@code config} of a serialized function object (Keras
     * 3); {@code "linear"} when absent.
     */
    public String activation(String key) {
        JsonNode v = config.get(key);
        if (v == null || v.isNull()) {
            return "linear";
        }
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isObject() && v.path("config").isTextual()) {
            return v.get("config").asText();
        }
        if (v.isObject() && v.has("class_name")) {
            return v.get("class_name").asText();
        }
        throw bad(key, "expected an activation name, found " + v);
    }

    /** True for {@code data_format: channels_first}; channels_last when absent. */
    public boolean channelsFirst() {
        String f = str("data_format", "channels_last");
        return switch (f) {
            case "channels_first" -> true;
            case "channels_last" -> false;
            default -> throw bad("data_format", "expected channels_last or channels_first, found '" + f + "'");
        };
    }

    /** The element type name in {@code dtype}: a string or a dtype policy object. */
    public String dtypeName() {
        JsonNode v = config.get("dtype");
        if (v == null || v.isNull()) {
            return "float32";
        }
        if (v.isTextual()) {
            return v.asText();
        }
        JsonNode name = v.path("config").path("name");
        return name.isTextual() ? name.asText() : "float32";
    }

    /** A malformed-input error about {@code key} of this layer's config. */
    public MalformedInputException bad(String key, String problem) {
        return new MalformedInputException(file, describe() + " config '" + key + "'", problem);
    }

    /** A malformed-input error about this layer. */
    public MalformedInputException bad(String problem) {
        return new MalformedInputException(file, describe(), problem);
    }
}
