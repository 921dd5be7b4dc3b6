package dev.rosetta.formats.keras;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.ResourceLimitException;
import dev.rosetta.error.RosettaException;
import dev.rosetta.error.RosettaIOException;
import dev.rosetta.formats.CarriedBuffers;
import dev.rosetta.error.UsageException;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.MappedFile;
import dev.rosetta.formats.keras.config.ConfigParser;
import dev.rosetta.formats.keras.config.KerasJson;
import dev.rosetta.formats.keras.config.LayerSpec;
import dev.rosetta.formats.keras.config.ModelSpec;
import dev.rosetta.formats.keras.h5.H5Input;
import dev.rosetta.formats.keras.read.GraphBuilder;
import dev.rosetta.formats.keras.read.LayerConfig;
import dev.rosetta.formats.keras.read.LayerMapping;
import dev.rosetta.formats.keras.read.LayerTable;
import dev.rosetta.formats.keras.read.LegacyWeights;
import dev.rosetta.formats.keras.read.V3Weights;
import dev.rosetta.formats.keras.read.WeightSource;
import dev.rosetta.formats.keras.read.WeightTags;
import dev.rosetta.formats.zip.ZipDirectory;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Value;
import io.jhdf.api.Group;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads Keras files into the IR: legacy HDF5 (full models, weights-only files with an optional
 * architecture JSON) and Keras 3 {@code .keras} archives. Tensors are slices of the mapped HDF5
 * file, which the returned model owns.
 */
final class KerasReader {
    /** How many names an error message lists before it says how many more there are. */
    static final int LISTED_NAMES = 8;

    /**
     * Root attribute (ignored by Keras) holding the small tensors no layer reads, such as PyTorch's
     * {@code num_batches_tracked}, in {@link CarriedBuffers}'s text form: on the root of a legacy
     * HDF5 model, and on the root of a Keras 3 archive's {@code model.weights.h5}.
     */
    static final String BUFFERS_ATTRIBUTE = "rosetta_buffers";

    /** Largest {@code config.json} / {@code metadata.json} read from an archive. */
    private static final long MAX_JSON_BYTES = 256L << 20;

    private KerasReader() {
    }

    /** Reads a legacy HDF5 file ({@code .h5}, {@code .hdf5}). */
    static Model readH5(Path path, FormatOptions options) {
        return MappedFile.readModel(path, mapped -> readMapped(path, path, mapped, options, null));
    }

    private static Model readMapped(Path h5, Path label, MappedFile mapped, FormatOptions options,
                                    JsonNode archiveConfig) {
        boolean archive = archiveConfig != null;
        try (H5Input in = H5Input.open(h5, mapped, label)) {
            Group root = in.root();
            Map<String, String> meta = new LinkedHashMap<>();
            String kerasVersion = in.stringAttribute(root, "keras_version");
            String backend = in.stringAttribute(root, "backend");
            String modelConfig = archive ? null : in.stringAttribute(root, "model_config");
            if (kerasVersion != null) {
                meta.put("keras_version", kerasVersion);
            }
            if (backend != null) {
                meta.put("keras_backend", backend);
            }
            WeightSource weights;
            JsonNode configJson = null;
            String configPlace;
            if (archive) {
                weights = new V3Weights(in, root);
                meta.put("keras_format", "keras-v3");
                configJson = archiveConfig;
                configPlace = "config.json";
            } else if (modelConfig != null) {
                Group mw = in.childGroup(root, "model_weights");
                if (mw == null) {
                    throw new MalformedInputException(label, "root group", "has a 'model_config' attribute but no "
                            + "'model_weights' group (a model saved without weights)");
                }
                weights = new LegacyWeights(in, mw);
                configJson = KerasJson.parse(modelConfig, label, "attribute 'model_config'");
                configPlace = "attribute 'model_config'";
                meta.put("keras_format", "hdf5-model");
            } else if (in.hasAttribute(root, "layer_names") || in.hasAttribute(root, "layer_names0")) {
                weights = new LegacyWeights(in, root);
                meta.put("keras_format", "hdf5-weights");
                configPlace = "architecture JSON";
                configJson = readConfigFile(options);
            } else if (in.childGroup(root, "layers") != null || in.childGroup(root, "vars") != null) {
                weights = new V3Weights(in, root);
                meta.put("keras_format", "keras-v3-weights");
                configPlace = "architecture JSON";
                configJson = readConfigFile(options);
                archive = true;
            } else {
                throw new MalformedInputException(label, "root group", "not a Keras file: expected a 'model_config' "
                        + "attribute (a saved model), a 'layer_names' attribute (saved weights) or Keras 3 'layers'/'vars' "
                        + "groups, found attributes " + firstNames(in.guard("root attributes", () -> root.getAttributes().keySet()))
                        + " and children " + firstNames(in.childNames(root)));
            }
            int major = archive || kerasVersion != null && kerasVersion.startsWith("3") ? 3 : 2;
            ModelSpec spec = null;
            if (configJson != null) {
                if (configJson.has("module") || configJson.has("registered_name")) {
                    major = 3;
                }
                if (options.getBoolean(KerasOptions.WEIGHTS_ONLY)) {
                    try {
                        spec = parseSpec(configJson, configPlace, label);
                    } catch (RosettaException e) {
                        spec = null;
                    }
                } else {
                    spec = parseSpec(configJson, configPlace, label);
                }
            }
            Model model;
            if (spec == null || options.getBoolean(KerasOptions.WEIGHTS_ONLY)) {
                model = weightsOnly(label, weights, spec, archive, major);
                String buffers = in.stringAttribute(root, BUFFERS_ATTRIBUTE);
                if (buffers != null) {
                    CarriedBuffers.restore(buffers, model.graph(), label, "attribute '" + BUFFERS_ATTRIBUTE + "'");
                }
                meta.put("architecture", spec == null ? "none (weights only)" : spec.className() + " '" + spec.name()
                        + "', not built (weights-only)");
            } else {
                Graph g = new GraphBuilder(label, weights, major).build(spec);
                String buffers = in.stringAttribute(root, BUFFERS_ATTRIBUTE);
                if (buffers != null) {
                    CarriedBuffers.restore(buffers, g, label, "attribute '" + BUFFERS_ATTRIBUTE + "'");
                }
                model = new Model(g, archive ? KerasV3Format.NAME : KerasH5Format.NAME);
                meta.put("architecture", spec.className() + " '" + spec.name() + "'");
            }
            meta.forEach(model::putMetadata);
            model.setOpsetImport("", 17);
            return model;
        }
    }

    private static ModelSpec parseSpec(JsonNode json, String place, Path label) {
        return new ConfigParser(label, place).parse(json);
    }

    private static JsonNode readConfigFile(FormatOptions options) {
        String p = options.get(KerasOptions.CONFIG, null);
        if (p == null || p.isBlank()) {
            return null;
        }
        Path file = Path.of(p);
        if (!Files.isRegularFile(file)) {
            throw new UsageException("option " + KerasOptions.CONFIG + "=" + p + ": no such file");
        }
        try {
            long size = Files.size(file);
            if (size > MAX_JSON_BYTES) {
                throw new ResourceLimitException(file, "architecture JSON", size + " bytes is more than the limit of "
                        + MAX_JSON_BYTES);
            }
            return KerasJson.parse(Files.readString(file, StandardCharsets.UTF_8), file, "architecture JSON");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new MalformedInputException(file, "architecture JSON", "expected UTF-8 text, found invalid bytes");
        } catch (IOException e) {
            throw new RosettaIOException(file, "reading the architecture JSON", e);
        }
    }

    /** A graph without nodes holding every stored weight, tagged by layer class when the config is known. */
    private static Model weightsOnly(Path label, WeightSource weights, ModelSpec spec, boolean v3, int major) {
        Map<String, LayerSpec> byName = new HashMap<>();
        Map<String, LayerSpec> byV3Path = new HashMap<>();
        if (spec != null) {
            for (LayerSpec l : spec.layers()) {
                byName.put(l.name(), l);
            }
            Map<String, String> paths = v3Paths(spec);
            paths.forEach((name, path) -> byV3Path.put(path, spec.layer(name)));
        }
        Graph g = new Graph(spec == null ? stem(label) : spec.name());
        Set<String> used = new HashSet<>();
        for (WeightSource.NamedWeight w : weights.all()) {
            String name = w.name();
            for (int i = 1; !used.add(name); i++) {
                name = w.name() + "_" + i;
            }
            LayerSpec layer;
            String variable = w.weight().variable();
            if (v3) {
                int vars = name.lastIndexOf("/vars/");
                layer = vars < 0 ? null : byV3Path.get(name.substring(0, vars));
                if (layer != null && variable == null) {
                    variable = variableAt(label, layer, name.substring(vars + 6), major);
                }
            } else {
                layer = byName.get(name.contains("/") ? name.substring(0, name.indexOf('/')) : name);
            }
            Layout tag = WeightTags.of(layer == null ? null : layer.className(), variable, w.weight().tensor().rank());
            g.addInitializer(Value.constant(name, w.weight().tensor(), tag));
        }
        return new Model(g, v3 ? KerasV3Format.NAME : KerasH5Format.NAME);
    }

    private static Map<String, String> v3Paths(ModelSpec spec) {
        Map<String, String> out = new HashMap<>();
        Map<String, Integer> used = new HashMap<>();
        for (LayerSpec l : spec.savedLayers()) {
            String snake = GraphBuilder.snakeCase(l.className());
            Integer n = used.get(snake);
            used.put(snake, n == null ? 0 : n + 1);
            out.put(l.name(), "layers/" + (n == null ? snake : snake + "_" + (n + 1)));
        }
        return out;
    }

    private static String variableAt(Path label, LayerSpec layer, String index, int major) {
        LayerMapping m = LayerTable.get(layer.className());
        if (m == null) {
            return null;
        }
        try {
            List<String> vars = m.variables(new LayerConfig(label, layer.name(), layer.className(), layer.config(), major));
            int i = Integer.parseInt(index);
            return i >= 0 && i < vars.size() ? vars.get(i) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String stem(Path p) {
        String f = p.getFileName() == null ? "model" : p.getFileName().toString();
        int dot = f.indexOf('.');
        return dot > 0 ? f.substring(0, dot) : f;
    }

    /**
     * Reads a Keras 3 archive: {@code config.json} and {@code model.weights.h5}, which is read in
     * place when the archive stores it uncompressed (as Keras and Rosetta do) and it is at most
     * 2 GiB; otherwise it is copied out of the zip to a temporary file (deleted once mapped) so it
     * can be mapped (HDF5 over 2 GiB is read through a file of its own).
     */
    static Model readArchive(Path path, FormatOptions options) {
        Path tmp = null;
        MappedFile mapped = null;
        try (ZipFile zip = new ZipFile(path.toFile())) {
            ZipEntry config = zip.getEntry("config.json");
            ZipEntry weights = zip.getEntry("model.weights.h5");
            if (config == null || weights == null) {
                boolean npz = zip.getEntry("model.weights.npz") != null;
                if (config != null && npz) {
                    throw new dev.rosetta.error.UnsupportedFeatureException(path + ": Keras archive with "
                            + "model.weights.npz; only model.weights.h5 archives are supported");
                }
                throw new MalformedInputException(path, "zip directory", "expected entries config.json and "
                        + "model.weights.h5, found " + names(zip));
            }
            JsonNode configJson = KerasJson.parse(readText(zip, config, path), path, "config.json");
            ZipEntry metadata = zip.getEntry("metadata.json");
            String metaText = metadata == null ? null : readText(zip, metadata, path);
            Path h5 = path;
            mapped = storedInPlace(path);
            if (mapped == null) {
                tmp = Files.createTempFile("rosetta-keras-", ".weights.h5");
                extract(zip, weights, tmp, path);
                mapped = MappedFile.open(tmp);
                h5 = tmp;
            }
            Model m = readMapped(h5, Path.of(path + "!model.weights.h5"), mapped, options, configJson);
            if (metaText != null) {
                JsonNode meta = KerasJson.parse(metaText, path, "metadata.json");
                if (meta.path("keras_version").isTextual()) {
                    m.putMetadata("keras_version", meta.get("keras_version").asText());
                }
            }
            m.own(mapped);
            return m;
        } catch (ZipException | java.io.EOFException e) {
            // java.util.zip reports a truncated or corrupt entry as ZipException or EOFException:
            // the archive's content is at fault, not the disk.
            if (mapped != null) {
                mapped.close();
            }
            throw new MalformedInputException(path, "zip structure", "not a readable zip archive (" + e + ")", e);
        } catch (IOException e) {
            if (mapped != null) {
                mapped.close();
            }
            throw new RosettaIOException(path, "reading the archive", e);
        } catch (RuntimeException | Error e) {
            if (mapped != null) {
                mapped.close();
            }
            throw e;
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    tmp.toFile().deleteOnExit();
                }
            }
        }
    }

    /**
     * The archive's {@code model.weights.h5} mapped where it lies, or null when it must be copied
     * out: compressed, encrypted, over 2 GiB, or in a zip whose directory only
     * {@code java.util.zip} accepts (data before the zip, say). The mapping is the whole archive's,
     * so closing the answer unmaps it.
     */
    private static MappedFile storedInPlace(Path path) {
        MappedFile archive = MappedFile.open(path);
        try {
            for (ZipDirectory.Entry e : ZipDirectory.read(archive.segment(), path)) {
                if (e.name().equals("model.weights.h5") && e.method() == 0 && !e.encrypted()
                        && e.compressedSize() == e.size() && e.size() <= Integer.MAX_VALUE) {
                    return archive.region(e.dataOffset(), e.size(), "zip entry model.weights.h5");
                }
            }
        } catch (RosettaException e) {
            // java.util.zip read the directory; the copy below is the fallback for what this one refuses
        }
        archive.close();
        return null;
    }

    private static String names(ZipFile zip) {
        StringBuilder sb = new StringBuilder("[");
        var it = zip.entries();
        for (int i = 0; it.hasMoreElements() && i < 20; i++) {
            sb.append(i == 0 ? "" : ", ").append(it.nextElement().getName());
        }
        return sb.append(it.hasMoreElements() ? ", ...]" : "]").toString();
    }

    private static String readText(ZipFile zip, ZipEntry e, Path path) throws IOException {
        if (e.getSize() > MAX_JSON_BYTES) {
            throw new ResourceLimitException(path, "entry '" + e.getName() + "'", e.getSize()
                    + " bytes is more than the limit of " + MAX_JSON_BYTES);
        }
        try (InputStream in = zip.getInputStream(e)) {
            byte[] bytes = in.readNBytes((int) MAX_JSON_BYTES + 1);
            if (bytes.length > MAX_JSON_BYTES) {
                throw new ResourceLimitException(path, "entry '" + e.getName() + "'", "more than " + MAX_JSON_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static void extract(ZipFile zip, ZipEntry e, Path to, Path archive) throws IOException {
        long limit = Math.max(256L << 20, Files.size(archive) * 64);
        try (InputStream in = zip.getInputStream(e); OutputStream out = Files.newOutputStream(to)) {
            byte[] buf = new byte[1 << 16];
            long total = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > limit) {
                    throw new ResourceLimitException(archive, "entry 'model.weights.h5'", "expands past " + limit
                            + " bytes, more than 64 times the archive");
                }
                out.write(buf, 0, n);
            }
        }
    }

    /** Names listed in an error message: the first {@value #LISTED_NAMES}, then how many more. */
    static String firstNames(java.util.Collection<String> names) {
        List<String> shown = names.stream().limit(LISTED_NAMES).toList();
        return names.size() <= LISTED_NAMES ? shown.toString()
                : shown.toString().replaceFirst("]$", ", ... and " + (names.size() - LISTED_NAMES) + " more]");
    }
}
