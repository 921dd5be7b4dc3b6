package dev.rosetta.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.RosettaIOException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which converted-model value stands for which source value, for matching outputs and
 * intermediates whose names differ.
 *
 * <p>Read from JSON in any of these shapes: a flat object {@code {"source": "converted", ...}};
 * an array of entries; or an object whose {@code "entries"}, {@code "values"}, {@code "names"} or
 * {@code "map"} member is either. An entry is an object naming the source value under
 * {@code source}, {@code from} or {@code src} and the converted value under {@code target},
 * {@code to} or {@code dst}; other members (a permutation, say) are ignored here.
 */
public final class NameMap {
    private static final String[] SOURCE_KEYS = {"source", "from", "src"};
    private static final String[] TARGET_KEYS = {"target", "to", "dst", "converted"};
    private static final String[] WRAPPERS = {"entries", "values", "names", "map", "tensors"};

    private NameMap() {
    }

    /**
     * Reads a name-map file.
     *
     * @throws MalformedInputException when the JSON is invalid or of none of the accepted shapes
     * @throws RosettaIOException when the file cannot be read
     */
    public static Map<String, String> read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MalformedInputException(file, "line " + e.getLocation().getLineNr(),
                    "expected JSON, " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new RosettaIOException(file, "reading the name map", e);
        }
        if (root == null) {
            throw new MalformedInputException(file, "top level", "expected a JSON object or array, found nothing");
        }
        Map<String, String> out = new LinkedHashMap<>();
        parse(file, root, out, "top level");
        return Collections.unmodifiableMap(out);
    }

    private static void parse(Path file, JsonNode node, Map<String, String> out, String place) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                entry(file, node.get(i), out, place + ", entry " + i);
            }
            return;
        }
        if (!node.isObject()) {
            throw new MalformedInputException(file, place, "expected a JSON object or array, found " + node.getNodeType());
        }
        for (String w : WRAPPERS) {
            if (node.has(w) && (node.get(w).isArray() || node.get(w).isObject())) {
                parse(file, node.get(w), out, "member '" + w + "'");
                return;
            }
        }
        if (field(node, SOURCE_KEYS) != null) {
            entry(file, node, out, place);
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isTextual()) {
                out.put(e.getKey(), v.asText());
            } else if (v.isObject() && field(v, TARGET_KEYS) != null) {
                out.put(e.getKey(), field(v, TARGET_KEYS));
            } else {
                throw new MalformedInputException(file, "member '" + e.getKey() + "'",
                        "expected the converted value's name as a string, found " + v.getNodeType());
            }
        }
    }

    private static void entry(Path file, JsonNode e, Map<String, String> out, String place) {
        String s = e == null ? null : field(e, SOURCE_KEYS);
        String t = e == null ? null : field(e, TARGET_KEYS);
        if (s == null || t == null) {
            throw new MalformedInputException(file, place,
                    "expected an object with 'source' and 'target' names, found " + e);
        }
        out.put(s, t);
    }

    private static String field(JsonNode node, String[] keys) {
        for (String k : keys) {
            JsonNode v = node.get(k);
            if (v != null && v.isTextual()) {
                return v.asText();
            }
        }
        return null;
    }
}
