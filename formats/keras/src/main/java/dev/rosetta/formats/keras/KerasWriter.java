package dev.rosetta.formats.keras;

import dev.rosetta.formats.CarriedBuffers;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.keras.config.KerasJson;
import dev.rosetta.formats.keras.h5.H5Output;
import dev.rosetta.formats.keras.write.ExportContext;
import dev.rosetta.formats.keras.write.KerasExporter;
import dev.rosetta.formats.keras.write.KerasGraph;
import dev.rosetta.formats.keras.write.ModelConfigJson;
import dev.rosetta.formats.keras.write.WeightsLayout;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Value;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

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
        if (weightsOnly && !model.hasComputation()) {
            rawWeights(model, root, version);
        } else {
            KerasGraph g = KerasExporter.export(model, 2);
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
     * written as they are (no renaming or permutation; that is the layout module's job).
     */
    private static void rawWeights(Model model, H5Output.Group root, String version) {
        Map<String, List<Value>> layers = new LinkedHashMap<>();
        for (Value v : model.graph().initializers()) {
            String n = v.name();
            int cut = Math.max(n.lastIndexOf('/'), n.lastIndexOf('.'));
            String layer = ExportContext.sanitize(cut > 0 ? n.substring(0, cut) : n);
            layers.computeIfAbsent(layer, k -> new ArrayList<>()).add(v);
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

    /** Writes a Keras 3 archive (or, with weights-only, a Keras 3 {@code .weights.h5} layout). */
    static void writeArchive(Model model, Path target, FormatOptions options) throws IOException {
        KerasGraph g = KerasExporter.export(model, 3);
        H5Output weights = new H5Output();
        WeightsLayout.keras3(g, weights.root());
        if (options.getBoolean(KerasOptions.WEIGHTS_ONLY)) {
            weights.write(target);
            return;
        }
        Path parent = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(parent, ".rosetta-keras-", ".weights.h5");
        try {
            weights.write(tmp);
            byte[] config = KerasJson.write(ModelConfigJson.keras3(g)).getBytes(StandardCharsets.UTF_8);
            var meta = KerasJson.object();
            meta.put("keras_version", KERAS3_VERSION);
            meta.put("date_saved", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd@HH:mm:ss")));
            byte[] metadata = KerasJson.write(meta).getBytes(StandardCharsets.UTF_8);
            try (OutputStream fos = Files.newOutputStream(target); ZipOutputStream zip = new ZipOutputStream(fos)) {
                stored(zip, "metadata.json", metadata);
                stored(zip, "config.json", config);
                storedFile(zip, "model.weights.h5", tmp);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    private static void storedFile(ZipOutputStream zip, String name, Path file) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                crc.update(buf, 0, n);
            }
        }
        long size = Files.size(file);
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(size);
        e.setCompressedSize(size);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        try (InputStream in = Files.newInputStream(file)) {
            in.transferTo(zip);
        }
        zip.closeEntry();
    }
}
