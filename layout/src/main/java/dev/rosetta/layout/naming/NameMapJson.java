package dev.rosetta.layout.naming;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.RosettaIOException;
import dev.rosetta.layout.kernel.Permutation;
import dev.rosetta.layout.kernel.TransformStep;
import dev.rosetta.layout.kernel.WeightTransform;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The name-map file ({@code convert --name-map out.json}): one entry per tensor.
 *
 * <pre>{@code
 * {"format": "rosetta-name-map", "version": 1, "entries": [
 *   {"source": "conv1.weight", "target": "conv1_conv/kernel",
 *    "sourceShape": [64, 3, 7, 7], "targetShape": [7, 7, 3, 64],
 *    "permutation": [2, 3, 1, 0],
 *    "transform": {"label": "OIHW->HWIO", "steps": [{"view": [64, 3, 7, 7], "perm": [2, 3, 1, 0]}]}}]}
 * }</pre>
 * {@code permutation} is the axis permutation when the transform is one plain transpose of the
 * source shape, else {@code null}; {@code transform} always says exactly how to rebuild the
 * target from the source (view as {@code view}, transpose by {@code perm}, per step, then view as
 * the target shape). The writer writes exactly the stream it is given; callers make it atomic.
 */
public final class NameMapJson {
    /** The {@code format} field's value. */
    public static final String FORMAT = "rosetta-name-map";
    public static final int VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private NameMapJson() {
    }

    /** The map as JSON text (indented, deterministic). */
    public static String toJson(NameMap map) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        ArrayNode entries = root.putArray("entries");
        for (NameMap.Entry e : map.entries()) {
            ObjectNode o = entries.addObject();
            o.put("source", e.sourceName());
            o.put("target", e.targetName());
            longs(o.putArray("sourceShape"), e.sourceShape());
            longs(o.putArray("targetShape"), e.targetShape());
            if (e.permutation().isPresent()) {
                ints(o.putArray("permutation"), e.permutation().get().axes());
            } else {
                o.putNull("permutation");
            }
            ObjectNode t = o.putObject("transform");
            t.put("label", e.transform().label());
            ArrayNode steps = t.putArray("steps");
            for (TransformStep s : e.transform().steps()) {
                ObjectNode so = steps.addObject();
                longs(so.putArray("view"), s.view());
                ints(so.putArray("perm"), s.perm().axes());
            }
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a JSON tree", e);
        }
    }

    /** Writes the JSON text to {@code out} (UTF-8); does not close it. */
    public static void write(NameMap map, OutputStream out) throws IOException {
        out.write(toJson(map).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * Reads a name-map file.
     *
     * @throws RosettaIOException when the file cannot be read
     * @throws MalformedInputException naming the entry and field that is wrong
     */
    public static NameMap read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new RosettaIOException(file, "reading the name map", e);
        }
        return parse(text, file);
    }

    /**
     * Parses name-map JSON text; {@code file} names the source in messages (may be {@code null}).
     *
     * @throws MalformedInputException naming the entry and field that is wrong
     */
    public static NameMap parse(String text, Path file) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedInputException(file, "line " + e.getLocation().getLineNr(),
                    "expected JSON, found a syntax error: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText(null))) {
            throw new MalformedInputException(file, "top level", "expected an object with \"format\": \"" + FORMAT + "\"");
        }
        if (root.path("version").asInt(-1) != VERSION) {
            throw new MalformedInputException(file, "version", "expected " + VERSION + ", found " + root.path("version"));
        }
        JsonNode entries = root.path("entries");
        if (!entries.isArray()) {
            throw new MalformedInputException(file, "entries", "expected an array, found " + entries.getNodeType());
        }
        List<NameMap.Entry> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String place = "entry " + i;
            JsonNode e = entries.get(i);
            String source = text(e, "source", file, place);
            String target = text(e, "target", file, place);
            long[] ss = longs(e.path("sourceShape"), file, place + " sourceShape");
            long[] ts = longs(e.path("targetShape"), file, place + " targetShape");
            JsonNode t = e.path("transform");
            List<TransformStep> steps = new ArrayList<>();
            JsonNode st = t.path("steps");
            if (!st.isArray()) {
                throw new MalformedInputException(file, place + " transform.steps", "expected an array, found " + st.getNodeType());
            }
            try {
                for (int k = 0; k < st.size(); k++) {
                    long[] view = longs(st.get(k).path("view"), file, place + " step " + k + " view");
                    long[] perm = longs(st.get(k).path("perm"), file, place + " step " + k + " perm");
                    steps.add(new TransformStep(view, Permutation.ofLongs(perm)));
                }
                WeightTransform wt = new WeightTransform(t.path("label").asText("transform"), ss, steps, ts);
                out.add(new NameMap.Entry(source, target, ss, ts, wt));
            } catch (IllegalArgumentException | dev.rosetta.error.InvalidGraphException ex) {
                throw new MalformedInputException(file, place, "expected a consistent transform, found: " + ex.getMessage());
            }
        }
        return new NameMap(out);
    }

    private static String text(JsonNode e, String field, Path file, String place) {
        JsonNode v = e.path(field);
        if (!v.isTextual()) {
            throw new MalformedInputException(file, place + " " + field, "expected a string, found " + v.getNodeType());
        }
        return v.asText();
    }

    private static long[] longs(JsonNode a, Path file, String place) {
        if (!a.isArray()) {
            throw new MalformedInputException(file, place, "expected an array of integers, found " + a.getNodeType());
        }
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            if (!a.get(i).canConvertToLong() || !a.get(i).isIntegralNumber() || a.get(i).asLong() < 0) {
                throw new MalformedInputException(file, place + "[" + i + "]", "expected a non-negative integer, found " + a.get(i));
            }
            out[i] = a.get(i).asLong();
        }
        return out;
    }

    private static void longs(ArrayNode a, long[] v) {
        for (long x : v) {
            a.add(x);
        }
    }

    private static void ints(ArrayNode a, int[] v) {
        for (int x : v) {
            a.add(x);
        }
    }
}
