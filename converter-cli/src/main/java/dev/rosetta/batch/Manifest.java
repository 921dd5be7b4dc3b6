package dev.rosetta.batch;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rosetta.error.RosettaIOException;
import dev.rosetta.error.UsageException;
import dev.rosetta.formats.FormatProvider;
import dev.rosetta.formats.FormatRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A batch manifest (JSON or YAML; schema in {@code docs/batch.md}) turned into jobs.
 *
 * <p>Each job's settings are the command line's ({@code --to}, {@code --verify},
 * {@code --timeout}), overridden by the manifest's {@code defaults}, overridden by the job's own
 * keys; option maps merge key by key. Input-side paths ({@code input}, {@code graph},
 * {@code name_map}, {@code inputs}) are relative to the manifest's folder, {@code output} to
 * {@code --out}. Unknown keys are errors, so a misspelt option never silently does nothing.
 */
final class Manifest {
    private static final Set<String> SETTINGS = new TreeSet<>(List.of("from", "to", "options", "read_options",
            "write_options", "key", "opset", "weights_only", "external_data", "graph", "verify", "rtol", "atol",
            "seed", "shapes", "batch", "name_map", "inputs", "per_layer", "device", "timeout"));
    private static final Set<String> JOB_KEYS = union(SETTINGS, Set.of("id", "input", "output"));
    private static final Set<String> TOP_KEYS = Set.of("version", "defaults", "jobs");

    private Manifest() {
    }

    /**
     * Reads the manifest and plans its jobs.
     *
     * @throws UsageException for a manifest that does not parse or does not follow the schema
     */
    static BatchPlan plan(Path manifest, BatchOptions o, FormatRegistry registry) {
        JsonNode root = parse(manifest);
        JsonNode jobsNode = root;
        ObjectNode defaults = BatchJson.JSON.createObjectNode();
        if (root.isObject()) {
            checkKeys(root, TOP_KEYS, "the manifest");
            if (root.has("version") && root.get("version").asInt(-1) != 1) {
                throw new UsageException(manifest + ": version " + root.get("version") + " is not supported (only 1)");
            }
            if (root.has("defaults")) {
                if (!root.get("defaults").isObject()) {
                    throw new UsageException(manifest + ": 'defaults' must be a map of settings");
                }
                checkKeys(root.get("defaults"), SETTINGS, "'defaults'");
                defaults = (ObjectNode) root.get("defaults");
            }
            jobsNode = root.get("jobs");
        }
        if (jobsNode == null || !jobsNode.isArray()) {
            throw new UsageException(manifest + ": expected a list of jobs, or a map with 'jobs' (a list)");
        }
        Path base = manifest.toAbsolutePath().getParent();
        List<JobSpec> jobs = new ArrayList<>();
        int index = 0;
        for (JsonNode j : jobsNode) {
            index++;
            String where = manifest.getFileName() + ": job " + index;
            if (!j.isObject()) {
                throw new UsageException(where + ": expected a map with at least 'input'");
            }
            checkKeys(j, JOB_KEYS, "job " + index);
            ObjectNode merged = merge(defaults.deepCopy(), (ObjectNode) j);
            try {
                jobs.add(job(merged, base, o, registry));
            } catch (UsageException e) {
                throw new UsageException(where + (j.has("input") ? " (" + j.get("input").asText() + ")" : "") + ": "
                        + e.getMessage());
            }
        }
        return BatchPlan.of(manifest.toAbsolutePath(), o.out(), jobs, List.of());
    }

    /** The manifest's tree: YAML for {@code .yaml}/{@code .yml}, else JSON. */
    static JsonNode parse(Path manifest) {
        String name = manifest.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? BatchJson.YAML : BatchJson.JSON;
        try {
            JsonNode n = mapper.readTree(manifest.toFile());
            if (n == null || n.isMissingNode()) {
                throw new UsageException(manifest + ": the manifest is empty");
            }
            return n;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new UsageException(manifest + (at == null ? "" : ": line " + at.getLineNr() + ", column "
                    + at.getColumnNr()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new RosettaIOException(manifest, "reading the manifest", e);
        }
    }

    private static JobSpec job(ObjectNode j, Path base, BatchOptions o, FormatRegistry registry) {
        Path input = path(base, text(j, "input"));
        if (input == null) {
            throw new UsageException("'input' is missing");
        }
        String outText = text(j, "output");
        String to = text(j, "to") != null ? text(j, "to") : o.to();
        if (to == null && outText != null) {
            to = registry.forOutput(Path.of(outText)).name();
        }
        if (to == null) {
            throw new UsageException("no target format: give 'to', an 'output' with an extension, or --to");
        }
        FormatProvider target = registry.byName(to);
        if (!target.canWrite()) {
            throw new UsageException("format '" + target.name() + "' cannot be written");
        }
        Path output = outText != null ? o.out().resolve(outText).normalize()
                : o.out().resolve(DirectoryScan.outputName(relativeOrName(base, input), target)).normalize();
        Map<String, String> read = new LinkedHashMap<>(map(j, "options"));
        Map<String, String> write = new LinkedHashMap<>(map(j, "options"));
        read.putAll(map(j, "read_options"));
        write.putAll(map(j, "write_options"));
        if (text(j, "key") != null) {
            read.put("key", text(j, "key"));
        }
        if (j.has("opset")) {
            write.put("opset", Long.toString(integer(j, "opset")));
        }
        if (bool(j, "weights_only", false)) {
            read.put("weights-only", "true");
            write.put("weights-only", "true");
        }
        if (bool(j, "external_data", false)) {
            write.put("external-data", "true");
        }
        JobSpec.Verify verify = bool(j, "verify", o.verify()) ? verify(j, base, o.shapes()) : null;
        long timeout = j.has("timeout") ? integer(j, "timeout") : o.timeoutSeconds();
        if (timeout < 0) {
            throw new UsageException("'timeout' must be 0 (none) or more seconds");
        }
        String id = text(j, "id") != null ? text(j, "id") : DirectoryScan.slashes(
                output.startsWith(o.out()) ? o.out().relativize(output) : output);
        return new JobSpec(id, input, output, text(j, "from"), target.name(), read, write, path(base, text(j, "graph")),
                verify, timeout);
    }

    private static JobSpec.Verify verify(ObjectNode j, Path base, Map<String, String> cliShapes) {
        Map<String, String> shapes = new LinkedHashMap<>(cliShapes);
        JsonNode s = j.get("shapes");
        if (s != null && !s.isNull()) {
            if (!s.isObject()) {
                throw new UsageException("'shapes' must map input names to shapes, e.g. {input: [1, 3, 224, 224]}");
            }
            s.fields().forEachRemaining(e -> shapes.put(e.getKey(), dims(e.getKey(), e.getValue())));
        }
        List<String> inputs = new ArrayList<>();
        JsonNode in = j.get("inputs");
        if (in != null && in.isObject()) {
            in.fields().forEachRemaining(e -> inputs.add(e.getKey() + "=" + path(base, e.getValue().asText())));
        } else if (in != null && in.isArray()) {
            in.forEach(e -> inputs.add(path(base, e.asText()).toString()));
        } else if (in != null && !in.isNull()) {
            throw new UsageException("'inputs' must map input names to .npy files, or list .npy files");
        }
        return new JobSpec.Verify(number(j, "rtol"), number(j, "atol"), j.has("seed") ? integer(j, "seed") : null,
                shapes, j.has("batch") ? (int) integer(j, "batch") : null, path(base, text(j, "name_map")), inputs,
                bool(j, "per_layer", false), text(j, "device"));
    }

    private static String dims(String name, JsonNode v) {
        if (v.isTextual() && v.asText().matches("\\d+([x,]\\d+)*")) {
            return v.asText().replace(',', 'x');
        }
        if (v.isArray() && !v.isEmpty()) {
            List<String> d = new ArrayList<>();
            for (JsonNode x : v) {
                if (!x.canConvertToLong() || x.asLong() < 0) {
                    throw new UsageException("'shapes' of '" + name + "': " + x + " is not a dimension size");
                }
                d.add(Long.toString(x.asLong()));
            }
            return String.join("x", d);
        }
        throw new UsageException("'shapes' of '" + name + "': expected a list of sizes or '1x3x224x224', found " + v);
    }

    /** {@code file}'s path under {@code base}, or its name alone when it lies elsewhere. */
    private static Path relativeOrName(Path base, Path file) {
        return file.startsWith(base) ? base.relativize(file) : file.getFileName();
    }

    private static ObjectNode merge(ObjectNode into, ObjectNode over) {
        Iterator<Map.Entry<String, JsonNode>> it = over.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode old = into.get(e.getKey());
            if (old != null && old.isObject() && e.getValue().isObject()) {
                merge((ObjectNode) old, (ObjectNode) e.getValue());
            } else {
                into.set(e.getKey(), e.getValue());
            }
        }
        return into;
    }

    private static void checkKeys(JsonNode node, Set<String> allowed, String where) {
        node.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                throw new UsageException(where + ": unknown key '" + k + "' (known: " + String.join(", ", allowed) + ")");
            }
        });
    }

    private static String text(JsonNode j, String key) {
        JsonNode v = j.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode() || v.asText().isEmpty()) {
            throw new UsageException("'" + key + "' must be a non-empty string, found " + v);
        }
        return v.asText();
    }

    private static Path path(Path base, String p) {
        return p == null ? null : base.resolve(p).normalize();
    }

    private static boolean bool(JsonNode j, String key, boolean fallback) {
        JsonNode v = j.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw new UsageException("'" + key + "' must be true or false, found " + v);
        }
        return v.asBoolean();
    }

    private static long integer(JsonNode j, String key) {
        JsonNode v = j.get(key);
        if (v != null && v.isIntegralNumber() && v.canConvertToLong()) {
            return v.asLong();
        }
        if (v != null && v.isTextual() && v.asText().matches("-?\\d{1,18}")) {
            return Long.parseLong(v.asText());
        }
        throw new UsageException("'" + key + "' must be an integer, found " + v);
    }

    private static Double number(JsonNode j, String key) {
        JsonNode v = j.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        try {
            return Double.valueOf(v.asText());
        } catch (NumberFormatException e) {
            throw new UsageException("'" + key + "' must be a number, found " + v);
        }
    }

    private static Map<String, String> map(JsonNode j, String key) {
        JsonNode v = j.get(key);
        if (v == null || v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw new UsageException("'" + key + "' must be a map of option names to values, found " + v);
        }
        Map<String, String> m = new LinkedHashMap<>();
        v.fields().forEachRemaining(e -> {
            if (!e.getValue().isValueNode()) {
                throw new UsageException("'" + key + "." + e.getKey() + "' must be a single value");
            }
            m.put(e.getKey(), e.getValue().asText());
        });
        return m;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> s = new TreeSet<>(a);
        s.addAll(b);
        return s;
    }
}
