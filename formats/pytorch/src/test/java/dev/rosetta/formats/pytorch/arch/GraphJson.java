package dev.rosetta.formats.pytorch.arch;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Dumps a graph's structure (not its weights) as JSON for {@code eval_graph.py}, and counts ops. */
final class GraphJson {
    private GraphJson() {
    }

    static Map<String, Integer> histogram(Graph g) {
        Map<String, Integer> h = new TreeMap<>();
        for (Node n : g.nodes()) {
            h.merge(n.opType(), 1, Integer::sum);
        }
        return h;
    }

    static String dump(Graph g) {
        StringBuilder sb = new StringBuilder("{\"inputs\":");
        names(sb, g.inputs());
        sb.append(",\"outputs\":");
        names(sb, g.outputs());
        sb.append(",\"nodes\":[");
        boolean first = true;
        for (Node n : g.nodes()) {
            sb.append(first ? "" : ",").append("{\"name\":");
            first = false;
            str(sb, n.name());
            sb.append(",\"op\":");
            str(sb, n.opType());
            sb.append(",\"inputs\":");
            names(sb, n.inputs());
            sb.append(",\"outputs\":");
            names(sb, n.outputs());
            sb.append(",\"attrs\":{");
            boolean firstAttr = true;
            for (var e : n.attributes().entrySet()) {
                sb.append(firstAttr ? "" : ",");
                firstAttr = false;
                str(sb, e.getKey());
                sb.append(':');
                attr(sb, e.getValue());
            }
            sb.append("}}");
        }
        return sb.append("]}").toString();
    }

    private static void attr(StringBuilder sb, Attribute a) {
        switch (a) {
            case Attribute.Int i -> sb.append(i.value());
            case Attribute.Float f -> sb.append(f.value());
            case Attribute.Str s -> str(sb, s.value());
            case Attribute.Ints i -> sb.append(java.util.Arrays.toString(i.values()));
            case Attribute.Floats f -> sb.append(java.util.Arrays.toString(f.values()));
            case Attribute.Strs s -> {
                sb.append('[');
                for (int k = 0; k < s.values().size(); k++) {
                    sb.append(k == 0 ? "" : ",");
                    str(sb, s.values().get(k));
                }
                sb.append(']');
            }
            case Attribute.TensorValue t -> {
                Tensor v = t.value();
                sb.append("{\"shape\":").append(java.util.Arrays.toString(v.shape())).append(",\"values\":")
                        .append(java.util.Arrays.toString(v.toDoubleArray())).append('}');
            }
        }
    }

    private static void names(StringBuilder sb, List<Value> values) {
        sb.append('[');
        for (int i = 0; i < values.size(); i++) {
            sb.append(i == 0 ? "" : ",");
            if (values.get(i) == null) {
                sb.append("null");
            } else {
                str(sb, values.get(i).name());
            }
        }
        sb.append(']');
    }

    private static void str(StringBuilder sb, String s) {
        sb.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
}
