package dev.rosetta.formats.tensorflow;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.error.UsageException;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.tensorflow.bundle.BundleEntry;
import dev.rosetta.formats.tensorflow.bundle.TensorBundle;
import dev.rosetta.formats.tensorflow.bundle.TfDataTypes;
import dev.rosetta.formats.tensorflow.graph.FlatGraph;
import dev.rosetta.formats.tensorflow.graph.TensorNames;
import dev.rosetta.formats.tensorflow.graph.TfNode;
import dev.rosetta.formats.tensorflow.graph.TfTensors;
import dev.rosetta.formats.tensorflow.graph.VariableKeys;
import dev.rosetta.formats.tensorflow.ops.TfAttrs;
import dev.rosetta.formats.tensorflow.ops.VariableSource;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * Reads a SavedModel directory ({@code saved_model.pb} and {@code variables/}) into the IR: the
 * meta graph tagged {@code serve} (option {@code tags}: a comma list), the signature
 * {@code serving_default} (option {@code signature}), and the part of its graph that signature's
 * outputs need, with TF2 function calls inlined. Variables ({@code VariableV2},
 * {@code VarHandleOp}) take their values from the bundle, found by following the graph's restore
 * ops (see {@link VariableKeys}), or else by the variable's name. Graph inputs and outputs are named
 * by the signature's keys, in key order.
 */
public final class SavedModelReader {
    /** The file inside a SavedModel directory that holds the graphs. */
    public static final String PROTO_FILE = "saved_model.pb";
    /** TensorFlow's serving tag. */
    public static final String SERVE_TAG = "serve";
    /** TensorFlow's default signature key. */
    public static final String DEFAULT_SIGNATURE = "serving_default";
    private static final String INIT_OP_SIGNATURE = "__saved_model_init_op";

    private SavedModelReader() {
    }

    /**
     * Reads the SavedModel in {@code dir}.
     *
     * @throws MalformedInputException when {@code saved_model.pb} is not a SavedModel, or the
     *     variables are corrupt or missing
     * @throws UsageException when the tag set or signature asked for is not there (listing those that are)
     * @throws UnsupportedFeatureException listing every op it cannot import
     */
    /** Restores the tensors a Rosetta-written SavedModel carried in {@code assets.extra}. */
    private static void restoreCarriedBuffers(Path dir, dev.rosetta.ir.Graph graph) {
        Path extra = dir.resolve(dev.rosetta.formats.tensorflow.export.SavedModelWriter.BUFFERS_FILE);
        if (!java.nio.file.Files.isRegularFile(extra)) {
            return;
        }
        try {
            if (java.nio.file.Files.size(extra) > 1 << 20) {
                throw new dev.rosetta.error.ResourceLimitException(extra, "carried buffers", "larger than 1 MiB");
            }
            dev.rosetta.formats.CarriedBuffers.restore(java.nio.file.Files.readString(extra), graph, extra, "carried buffers");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new dev.rosetta.error.MalformedInputException(extra, "carried buffers", "expected UTF-8 text");
        } catch (java.io.IOException e) {
            throw new dev.rosetta.error.RosettaIOException(extra, "reading", e);
        }
    }

    public static Model read(Path dir, FormatOptions options) {
        Path pb = dir.resolve(PROTO_FILE);
        if (!Files.isRegularFile(pb)) {
            if (Files.isRegularFile(dir.resolve("saved_model.pbtxt"))) {
                throw new UnsupportedFeatureException(dir + ": a text-format saved_model.pbtxt; only the binary "
                        + "saved_model.pb is supported");
            }
            throw new UsageException(dir + ": not a SavedModel directory (no " + PROTO_FILE + ")");
        }
        SavedModel sm = TfProtos.savedModel(pb, TfProtos.readAll(pb));
        MetaGraphDef mg = metaGraph(pb, sm, options.get("tags", SERVE_TAG));
        String key = options.get("signature", DEFAULT_SIGNATURE);
        SignatureDef sig = mg.getSignatureDefMap().get(key);
        if (sig == null) {
            List<String> keys = new ArrayList<>(mg.getSignatureDefMap().keySet());
            keys.remove(INIT_OP_SIGNATURE);
            throw new UsageException(dir + ": no signature '" + key + "'; the meta graph has "
                    + new java.util.TreeSet<>(keys) + " (choose one with the 'signature' option)");
        }
        FlatGraph flat = FlatGraph.of(mg.getGraphDef(), pb);
        List<GraphImporter.Feed> feeds = new ArrayList<>();
        for (Map.Entry<String, TensorInfo> e : new TreeMap<>(sig.getInputsMap()).entrySet()) {
            TensorInfo t = tensorInfo(pb, key, e.getKey(), e.getValue());
            feeds.add(new GraphImporter.Feed(e.getKey(), flat.resolve(TensorNames.canonical(t.getName())),
                    TfDataTypes.toIr(t.getDtype()), TfTensors.shape(t.getTensorShape())));
        }
        List<GraphImporter.Fetch> fetches = new ArrayList<>();
        for (Map.Entry<String, TensorInfo> e : new TreeMap<>(sig.getOutputsMap()).entrySet()) {
            TensorInfo t = tensorInfo(pb, key, e.getKey(), e.getValue());
            fetches.add(new GraphImporter.Fetch(e.getKey(), flat.resolve(TensorNames.canonical(t.getName()))));
        }
        Path variables = dir.resolve("variables");
        TensorBundle bundle = Files.isRegularFile(variables.resolve("variables.index"))
                ? TensorBundle.open(variables.resolve("variables")) : null;
        try {
            boolean keep = options.getBoolean(FormatOptions.KEEP_UNSUPPORTED);
            List<String> unsupported = keep ? new ArrayList<>() : null;
            VariableSource source = variableSource(dir, bundle, VariableKeys.fromRestoreOps(flat));
            Graph graph;
            try {
                graph = new GraphImporter(flat, source).run(modelName(dir), feeds, fetches, unsupported);
            } catch (UsageException e) {
                // The inputs and outputs come from the file's own signature: naming a tensor the
                // graph lacks, or leaving out a placeholder the outputs need, is a broken file.
                throw new MalformedInputException(pb, "signature '" + key + "'",
                        "inconsistent with the graph: " + e.getMessage(), e);
            }
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("tensorflow.signature", key);
            meta.put("tensorflow.tags", String.join(",", mg.getMetaInfoDef().getTagsList()));
            if (!mg.getMetaInfoDef().getTensorflowVersion().isEmpty()) {
                meta.put("tensorflow.version", mg.getMetaInfoDef().getTensorflowVersion());
            }
            if (keep && !unsupported.isEmpty()) {
                meta.put(FormatOptions.UNSUPPORTED_METADATA, String.join("\n", unsupported));
            }
            restoreCarriedBuffers(dir, graph);
            Model model = new Model(graph, SavedModelFormat.NAME, Map.of("", 17L), meta);
            if (bundle != null) {
                model.own(bundle);
            }
            return model;
        } catch (RuntimeException e) {
            if (bundle != null) {
                bundle.close();
            }
            throw e;
        }
    }

    private static MetaGraphDef metaGraph(Path pb, SavedModel sm, String tags) {
        List<String> wanted = new ArrayList<>();
        for (String t : tags.split(",")) {
            if (!t.isBlank()) {
                wanted.add(t.trim());
            }
        }
        List<List<String>> available = new ArrayList<>();
        for (MetaGraphDef mg : sm.getMetaGraphsList()) {
            List<String> have = mg.getMetaInfoDef().getTagsList();
            if (have.size() == wanted.size() && have.containsAll(wanted)) {
                return mg;
            }
            available.add(have);
        }
        throw new UsageException(pb + ": no meta graph tagged " + wanted + "; the SavedModel has " + available
                + " (choose with the 'tags' option)");
    }

    private static TensorInfo tensorInfo(Path pb, String sig, String key, TensorInfo t) {
        if (t.getEncodingCase() != TensorInfo.EncodingCase.NAME) {
            throw new UnsupportedFeatureException(pb + ": signature '" + sig + "' tensor '" + key + "' is a "
                    + t.getEncodingCase().name().toLowerCase(java.util.Locale.ROOT)
                    + " (sparse or composite); only dense tensors are supported");
        }
        return t;
    }

    /** The folder's name, or {@code parent/version} for TF Serving's numbered version folders. */
    private static String modelName(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        String name = abs.getFileName() == null ? "saved_model" : abs.getFileName().toString();
        if (name.chars().allMatch(Character::isDigit) && abs.getParent() != null && abs.getParent().getFileName() != null) {
            return abs.getParent().getFileName() + "/" + name;
        }
        return name;
    }

    private static VariableSource variableSource(Path dir, TensorBundle bundle, Map<String, VariableKeys.Key> keys) {
        return node -> {
            if (bundle == null) {
                throw new MalformedInputException(dir.resolve("variables"), "", "the graph reads variable '"
                        + node.name() + "' but the SavedModel has no variables bundle (variables/variables.index)");
            }
            List<String> candidates = candidates(node, keys);
            for (String k : candidates) {
                BundleEntry e = bundle.entry(k);
                if (e != null) {
                    VariableKeys.Key restored = keys.get(node.name());
                    if (restored != null && restored.key().equals(k) && !restored.slice().isEmpty()) {
                        throw new UnsupportedFeatureException(bundle.indexFile() + ": variable '" + node.name()
                                + "' is restored from slice '" + restored.slice() + "' of '" + k
                                + "'; sliced (partitioned) variables are not supported");
                    }
                    return bundle.tensor(k);
                }
            }
            throw new MalformedInputException(bundle.indexFile(), "variable '" + node.name() + "'",
                    "no saved value (looked for " + candidates + ")");
        };
    }

    private static List<String> candidates(TfNode node, Map<String, VariableKeys.Key> keys) {
        List<String> out = new ArrayList<>();
        VariableKeys.Key k = keys.get(node.name());
        if (k != null) {
            out.add(k.key());
        }
        out.add(node.name());
        String shared = TfAttrs.string(node, "shared_name", "");
        if (!shared.isEmpty()) {
            out.add(shared);
            out.add(shared + "/.ATTRIBUTES/VARIABLE_VALUE");
        }
        out.add(node.name() + "/.ATTRIBUTES/VARIABLE_VALUE");
        return out.stream().distinct().toList();
    }
}
