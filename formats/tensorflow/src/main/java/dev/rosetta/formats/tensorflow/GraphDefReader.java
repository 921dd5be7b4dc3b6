package dev.rosetta.formats.tensorflow;

import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.MappedFile;
import dev.rosetta.formats.tensorflow.bundle.TfDataTypes;
import dev.rosetta.formats.tensorflow.graph.FlatGraph;
import dev.rosetta.formats.tensorflow.graph.TensorNames;
import dev.rosetta.formats.tensorflow.graph.TfNode;
import dev.rosetta.formats.tensorflow.graph.TfTensors;
import dev.rosetta.formats.tensorflow.ops.VariableSource;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.GraphDef;

/**
 * Reads a TF1 frozen {@code GraphDef} ({@code .pb}, weights as constants) into the IR.
 *
 * <p>Outputs are the {@code outputs} option's comma list of node (or {@code node:index}) names, or
 * else every node no other node reads (ops without results, such as {@code NoOp} or savers, and
 * unread constants and placeholders aside). Inputs are the {@code inputs} option's list, or else
 * the placeholders those outputs depend on, in graph order. Values are named after the nodes.
 */
public final class GraphDefReader {
    /** Ops that never produce a graph's result. */
    static final Set<String> NOT_OUTPUTS = Set.of("NoOp", "Const", "Placeholder", "PlaceholderV2",
            "PlaceholderWithDefault", "SaveV2", "Save", "SaveSlices", "MergeV2Checkpoints", "RestoreV2", "Restore",
            "RestoreSlice", "Assign", "AssignVariableOp", "AssignAdd", "AssignSub", "VarIsInitializedOp",
            "IsVariableInitialized", "Assert", "Print", "PrintV2", "VariableV2", "VarHandleOp");
    static final Set<String> PLACEHOLDERS = Set.of("Placeholder", "PlaceholderV2");

    private GraphDefReader() {
    }

    /**
     * Reads {@code file}.
     *
     * @throws dev.rosetta.error.MalformedInputException when it is not a valid GraphDef
     * @throws dev.rosetta.error.UnsupportedFeatureException listing every op it cannot import
     *     (unless {@link FormatOptions#KEEP_UNSUPPORTED})
     */
    public static Model read(Path file, FormatOptions options) {
        return MappedFile.readModel(file, mapped -> read(file, TfProtos.graphDef(file, mapped.segment()), options));
    }

    /** The model of {@code g}, whose constants may be views of the file's mapping. */
    private static Model read(Path file, GraphDef g, FormatOptions options) {
        FlatGraph flat = FlatGraph.of(g, file);
        List<GraphImporter.Fetch> fetches = fetches(flat, options.get("outputs").orElse(null));
        List<GraphImporter.Feed> feeds = feeds(flat, options.get("inputs").orElse(null), fetches);
        boolean keep = options.getBoolean(FormatOptions.KEEP_UNSUPPORTED);
        List<String> unsupported = keep ? new ArrayList<>() : null;
        String name = file.getFileName().toString().replaceFirst("\\.pb$", "");
        Graph graph;
        try {
            graph = new GraphImporter(flat, VariableSource.NONE).run(name, feeds, fetches, unsupported);
        } catch (dev.rosetta.error.UsageException e) {
            if (options.get("inputs").isPresent() || options.get("outputs").isPresent()) {
                throw e;
            }
            // Inputs and outputs found in the graph itself: a contradiction there is the file's.
            throw new dev.rosetta.error.MalformedInputException(file, "graph inputs and outputs",
                    "inconsistent graph: " + e.getMessage(), e);
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("tensorflow.producer", Integer.toString(g.getVersions().getProducer()));
        if (keep && !unsupported.isEmpty()) {
            meta.put(FormatOptions.UNSUPPORTED_METADATA, String.join("\n", unsupported));
        }
        return new Model(graph, GraphDefFormat.NAME, Map.of("", 17L), meta);
    }

    /** The outputs: the named tensors, or the nodes nobody reads. */
    static List<GraphImporter.Fetch> fetches(FlatGraph flat, String given) {
        List<GraphImporter.Fetch> out = new ArrayList<>();
        if (given != null && !given.isBlank()) {
            for (String s : split(given)) {
                out.add(new GraphImporter.Fetch(displayName(s), TensorNames.canonical(s)));
            }
            return out;
        }
        for (TfNode n : flat.nodes()) {
            if (flat.consumers(n.name()).isEmpty() && !NOT_OUTPUTS.contains(n.op()) && n.origin().equals("graph")) {
                out.add(new GraphImporter.Fetch(n.name(), n.output(0)));
            }
        }
        return out;
    }

    /** The inputs: the named tensors, or the placeholders the outputs need, in graph order. */
    static List<GraphImporter.Feed> feeds(FlatGraph flat, String given, List<GraphImporter.Fetch> fetches) {
        List<GraphImporter.Feed> out = new ArrayList<>();
        if (given != null && !given.isBlank()) {
            for (String s : split(given)) {
                String t = TensorNames.canonical(s);
                TfNode n = flat.node(TensorNames.node(t));
                out.add(feed(displayName(s), t, n));
            }
            return out;
        }
        Set<String> needed = reachable(flat, fetches);
        for (TfNode n : flat.nodes()) {
            if (PLACEHOLDERS.contains(n.op()) && needed.contains(n.name())) {
                out.add(feed(n.name(), n.output(0), n));
            }
        }
        return out;
    }

    /**
     * The tensors a frozen graph computes by default (nodes nobody reads), as {@code node:index}
     * names, for engines that run the file as written.
     */
    public static List<String> defaultOutputs(GraphDef g) {
        return fetches(FlatGraph.of(g, null), null).stream().map(GraphImporter.Fetch::tensor).toList();
    }

    /** The placeholders {@link #defaultOutputs} depend on, as {@code node:index} names, in graph order. */
    public static List<String> defaultInputs(GraphDef g) {
        FlatGraph flat = FlatGraph.of(g, null);
        return feeds(flat, null, fetches(flat, null)).stream().map(GraphImporter.Feed::tensor).toList();
    }

    static GraphImporter.Feed feed(String name, String tensor, TfNode n) {
        if (n == null) {
            return new GraphImporter.Feed(name, tensor, null, Shape.UNKNOWN_RANK);
        }
        AttrValue dt = n.attr("dtype") != null ? n.attr("dtype") : n.attr("T");
        DType dtype = dt == null ? null : TfDataTypes.toIr(dt.getType());
        Shape shape = Shape.UNKNOWN_RANK;
        if (n.attr("shape") != null && n.attr("shape").hasShape()) {
            shape = TfTensors.shape(n.attr("shape").getShape());
        } else if (n.attr("_output_shapes") != null && n.attr("_output_shapes").getList().getShapeCount() > 0) {
            shape = TfTensors.shape(n.attr("_output_shapes").getList().getShape(0));
        }
        return new GraphImporter.Feed(name, tensor, dtype, shape);
    }

    private static Set<String> reachable(FlatGraph flat, List<GraphImporter.Fetch> fetches) {
        Set<String> seen = new HashSet<>();
        List<String> work = new ArrayList<>();
        fetches.forEach(f -> work.add(TensorNames.node(f.tensor())));
        while (!work.isEmpty()) {
            String name = work.remove(work.size() - 1);
            TfNode n = flat.node(name);
            if (n == null || !seen.add(name)) {
                continue;
            }
            n.inputs().forEach(i -> work.add(TensorNames.node(i)));
        }
        return seen;
    }

    private static List<String> split(String list) {
        List<String> out = new ArrayList<>();
        for (String s : list.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    /** {@code node:0} and {@code node} are called {@code node}; other outputs keep their index. */
    private static String displayName(String s) {
        return s.endsWith(":0") ? s.substring(0, s.length() - 2) : s;
    }
}
