package dev.rosetta.formats.keras;

import dev.rosetta.formats.CarriedBuffers;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.keras.config.KerasJson;
import dev.rosetta.formats.keras.h5.H5Output;
import dev.rosetta.formats.keras.write.ExportContext;
import dev.rosetta.formats.keras.write.KerasApplicationsResNet;
import dev.rosetta.formats.keras.write.KerasExporter;
import dev.rosetta.formats.keras.write.KerasGraph;
import dev.rosetta.formats.keras.write.ModelConfigJson;
import dev.rosetta.formats.keras.write.WeightsLayout;
import dev.rosetta.formats.zip.StoredZipWriter;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Value;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes IR models as Keras files: legacy HDF5 (a Functional {@code model_config} plus
 * {@code model_weights}, or only the weights) and Keras 3 archives. Datasets are streamed from
 * the tensors by {@link H5Output}.
 */
final class KerasWriter {
    /** The Keras version recorded in archives' metadata.json. */
    static final String KERAS3_VERSION = "3.6.0";

    private KerasWriter() {
    }

    /** Writes legacy HDF5 to {@code target}. */
    static void writeH5(Model model, Path target, FormatOptions options) throws IOException {
        boolean weightsOnly = options.getBoolean(KerasOptions.WEIGHTS_ONLY);
        String version = options.get(KerasOptions.KERAS_VERSION, KerasOptions.DEFAULT_KERAS_VERSION);
        H5Output out = new H5Output();
        H5Output.Group root = out.root();
        boolean applications = KerasOptions.kerasApplicationsNaming(options);
        if (weightsOnly && !model.hasComputation()) {
            rawWeights(model, root, version, applications);
        } else {
            KerasGraph g = KerasExporter.export(model, 2, applications);
            if (weightsOnly) {
                WeightsLayout.legacy(g, root, version);
            } else {
                root.attribute("backend", "tensorflow");
                root.attribute("keras_version", version);
                root.attribute("model_config", KerasJson.write(ModelConfigJson.keras2(g, version)));
                String buffers = CarriedBuffers.encode(model.graph());
                if (buffers != null) {
                    root.attribute(KerasReader.BUFFERS_ATTRIBUTE, buffers);
                }
                WeightsLayout.legacy(g, root.group("model_weights"), version);
            }
        }
        out.write(target);
    }

    /**
     * Weights of a model without a graph, grouped by layer: the part of each initializer's name
     * before its last {@code /} or {@code .} is the layer, the rest the variable. Tensors are
     * written as they are (no renaming or permutation; that is the layout module's job). With
     * {@code applications} and only keras.applications ResNet layer names, the layers go in
     * keras.applications' order and convolutions without a bias get a zero one
     * ({@link KerasApplicationsResNet}).
     */
    private static void rawWeights(Model model, H5Output.Group root, String version, boolean applications) {
        Map<String, List<Value>> layers = new LinkedHashMap<>();
        for (Value v : model.graph().initializers()) {
            String n = v.name();
            int cut = Math.max(n.lastIndexOf('/'), n.lastIndexOf('.'));
            String layer = ExportContext.sanitize(cut > 0 ? n.substring(0, cut) : n);
            layers.computeIfAbsent(layer, k -> new ArrayList<>()).add(v);
        }
        if (applications && layers.keySet().stream().anyMatch(l -> KerasApplicationsResNet.rank(l).isPresent())) {
            layers = applicationsLayout(layers, root);
        }
        root.attribute("backend", "tensorflow");
        root.attribute("keras_version", version);
        WeightsLayout.names(root, "layer_names", new ArrayList<>(layers.keySet()));
        for (Map.Entry<String, List<Value>> e : layers.entrySet()) {
            H5Output.Group lg = root.group(e.getKey());
            H5Output.Group inner = lg.group(e.getKey());
            List<String> names = new ArrayList<>();
            for (Value v : e.getValue()) {
                String n = v.name();
                int cut = Math.max(n.lastIndexOf('/'), n.lastIndexOf('.'));
                String var = ExportContext.sanitize(cut > 0 ? n.substring(cut + 1) : n);
                String ds = var + ":0";
                for (int i = 1; names.contains(e.getKey() + "/" + ds); i++) {
                    ds = var + "_" + i + ":0";
                }
                names.add(e.getKey() + "/" + ds);
                inner.dataset(ds, v.constant());
            }
            WeightsLayout.names(lg, "weight_names", names);
        }
    }

    /**
     * The keras.applications layers in keras.applications' order, each convolution with a bias (zero
     * when it had none). Small tensors of other names (PyTorch's {@code num_batches_tracked}), which
     * would be layers keras.applications lacks, go to the root attribute {@code rosetta_buffers}
     * as in a full model; larger ones stay layers, after the others.
     */
    private static Map<String, List<Value>> applicationsLayout(Map<String, List<Value>> layers, H5Output.Group root) {
        List<String> order = new ArrayList<>();
        Map<String, List<Value>> others = new LinkedHashMap<>();
        dev.rosetta.ir.Graph carried = new dev.rosetta.ir.Graph("carried");
        for (Map.Entry<String, List<Value>> e : layers.entrySet()) {
            if (KerasApplicationsResNet.rank(e.getKey()).isPresent()) {
                order.add(e.getKey());
            } else if (e.getValue().stream().allMatch(v -> v.constant().elementCount() <= CarriedBuffers.MAX_ELEMENTS)) {
                e.getValue().forEach(carried::addInitializer);
            } else {
                others.put(e.getKey(), e.getValue());
            }
        }
        String buffers = CarriedBuffers.encode(carried);
        if (buffers != null) {
            root.attribute(KerasReader.BUFFERS_ATTRIBUTE, buffers);
        }
        order.sort(KerasApplicationsResNet.layerOrder());
        Map<String, List<Value>> out = new LinkedHashMap<>();
        for (String layer : order) {
            List<Value> vars = new ArrayList<>(layers.get(layer));
            Value kernel = vars.stream().filter(v -> v.name().endsWith("/kernel")).findFirst().orElse(null);
            boolean biased = vars.stream().anyMatch(v -> v.name().endsWith("/bias"));
            if (layer.endsWith("_conv") && kernel != null && !biased && kernel.constant().rank() == 4
                    && kernel.constant().dtype().isFloatingPoint()) {
                long filters = kernel.layout() == dev.rosetta.ir.Layout.OIHW ? kernel.constant().shape()[0]
                        : kernel.constant().shape()[3];
                vars.add(Value.constant(layer + "/bias", KerasApplicationsResNet.zeros(kernel.constant().dtype(), filters),
                        dev.rosetta.ir.Layout.NONE));
            }
            out.put(layer, vars);
        }
        out.putAll(others);
        return out;
    }

    /** Writes a Keras 3 archive (or, with weights-only, a Keras 3 {@code .weights.h5} layout). */
    static void writeArchive(Model model, Path target, FormatOptions options) throws IOException {
        KerasGraph g = KerasExporter.export(model, 3, KerasOptions.kerasApplicationsNaming(options));
        H5Output weights = new H5Output();
        WeightsLayout.keras3(g, weights.root());
        if (options.getBoolean(KerasOptions.WEIGHTS_ONLY)) {
            weights.write(target);
            return;
        }
        String buffers = CarriedBuffers.encode(model.graph());
        if (buffers != null) {
            weights.root().attribute(KerasReader.BUFFERS_ATTRIBUTE, buffers);
        }
        byte[] config = KerasJson.write(ModelConfigJson.keras3(g)).getBytes(StandardCharsets.UTF_8);
        var meta = KerasJson.object();
        meta.put("keras_version", KERAS3_VERSION);
        meta.put("date_saved", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss")));
        byte[] metadata = KerasJson.write(meta).getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            StoredZipWriter zip = new StoredZipWriter(ch);
            zip.add("metadata.json", metadata);
            zip.add("config.json", config);
            zip.add("model.weights.h5", weights.size(), weights::write);
            zip.finish();
        }
    }
}
