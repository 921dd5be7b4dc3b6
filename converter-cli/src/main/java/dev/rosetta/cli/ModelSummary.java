package dev.rosetta.cli;

import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.FormatProvider;
import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Value;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code inspect} reports about a model, as text or as the JSON tree of
 * {@code docs/inspect-json.md} (schema {@value #SCHEMA}).
 */
final class ModelSummary {
    static final String SCHEMA = "rosetta.inspect/1";

    private final Path file;
    private final FormatProvider format;
    private final Model model;

    private ModelSummary(Path file, FormatProvider format, Model model) {
        this.file = file;
        this.format = format;
        this.model = model;
    }

    static ModelSummary of(Path file, FormatProvider format, Model model) {
        return new ModelSummary(file, format, model);
    }

    /** Op type → node count, sorted by op type; domain-qualified for non-ONNX domains. */
    static Map<String, Integer> opHistogram(Graph g) {
        Map<String, Integer> h = new TreeMap<>();
        for (Node n : g.nodes()) {
            String key = n.domain().isEmpty() ? n.opType() : n.domain() + "." + n.opType();
            h.merge(key, 1, Integer::sum);
        }
        return h;
    }

    Map<String, Object> toJson() {
        Graph g = model.graph();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", SCHEMA);
        root.put("file", file.toString());
        root.put("format", format.name());
        root.put("metadata", model.metadata());
        root.put("opset_imports", model.opsetImports());
        Map<String, Object> graph = new LinkedHashMap<>();
        graph.put("name", g.name());
        graph.put("has_computation", model.hasComputation());
        graph.put("node_count", g.nodes().size());
        graph.put("inputs", values(g.inputs()));
        graph.put("outputs", values(g.outputs()));
        graph.put("op_histogram", opHistogram(g));
        root.put("graph", graph);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("count", g.parameterCount());
        params.put("bytes", g.parameterBytes());
        root.put("parameters", params);
        List<Map<String, Object>> tensors = new ArrayList<>();
        for (Value v : g.initializers()) {
            Map<String, Object> t = valueJson(v);
            t.put("bytes", v.constant().byteSize());
            tensors.add(t);
        }
        root.put("tensors", tensors);
        root.put("unsupported", unsupported());
        return root;
    }

    /** The unsupported items a lenient read listed, one per entry. */
    private List<String> unsupported() {
        String s = model.metadata().get(FormatOptions.UNSUPPORTED_METADATA);
        return s == null || s.isBlank() ? List.of() : s.lines().filter(l -> !l.isBlank()).toList();
    }

    private static List<Map<String, Object>> values(List<Value> vs) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Value v : vs) {
            out.add(valueJson(v));
        }
        return out;
    }

    private static Map<String, Object> valueJson(Value v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.put("dtype", v.dtype() == null ? null : v.dtype().shortName());
        m.put("shape", shapeJson(v.shape()));
        m.put("layout", v.layout().name());
        return m;
    }

    /** A list of integers (fixed dims) and strings (symbolic dims), or null for unknown rank. */
    private static List<Object> shapeJson(Shape s) {
        if (!s.hasRank()) {
            return null;
        }
        List<Object> out = new ArrayList<>();
        for (Dim d : s.dims()) {
            out.add(d instanceof Dim.Fixed f ? (Object) f.size() : ((Dim.Symbolic) d).name());
        }
        return out;
    }

    void printText(PrintWriter out) {
        Graph g = model.graph();
        out.println("File:        " + file);
        out.println("Format:      " + format.name() + " (" + format.description() + ")");
        if (!model.opsetImports().isEmpty()) {
            StringBuilder opsets = new StringBuilder();
            model.opsetImports().forEach((domain, version) -> opsets.append(opsets.isEmpty() ? "" : ", ")
                    .append(domain.isEmpty() ? "ai.onnx" : domain).append(' ').append(version));
            out.println("Opsets:      " + opsets);
        }
        model.metadata().forEach((k, v) -> {
            if (!k.equals(FormatOptions.UNSUPPORTED_METADATA)) {
                out.println("Metadata:    " + k + " = " + v);
            }
        });
        out.println("Graph:       '" + g.name() + "': " + g.nodes().size() + " nodes, " + g.inputs().size()
                + " inputs, " + g.outputs().size() + " outputs, " + g.initializers().size() + " initializers"
                + (model.hasComputation() ? "" : " (weights only: no computation graph)"));
        for (Value v : g.inputs()) {
            out.println("  input      " + describe(v));
        }
        for (Value v : g.outputs()) {
            out.println("  output     " + describe(v));
        }
        out.println("Parameters:  " + g.parameterCount() + " (" + humanBytes(g.parameterBytes()) + ")");
        Map<String, Integer> hist = opHistogram(g);
        if (!hist.isEmpty()) {
            out.println("Operators:");
            hist.forEach((op, n) -> out.printf("  %-24s %d%n", op, n));
        }
        List<String> unsupported = unsupported();
        if (!unsupported.isEmpty()) {
            out.println("Unsupported: " + unsupported.size() + " item(s) Rosetta cannot convert:");
            unsupported.forEach(u -> out.println("  " + u));
        }
        if (!g.initializers().isEmpty()) {
            out.println("Tensors:");
            int w = 8;
            for (Value v : g.initializers()) {
                w = Math.max(w, v.name().length());
            }
            out.printf("  %-" + w + "s  %-9s  %-22s  %s%n", "NAME", "DTYPE", "SHAPE", "LAYOUT");
            for (Value v : g.initializers()) {
                out.printf("  %-" + w + "s  %-9s  %-22s  %s%n", v.name(), v.dtype().shortName(), v.shape(),
                        v.layout().name());
            }
        }
    }

    private static String describe(Value v) {
        return v.name() + ": " + (v.dtype() == null ? "?" : v.dtype().shortName()) + v.shape() + " " + v.layout().name();
    }

    static String humanBytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = b;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
