package dev.rosetta.formats.keras.write;

import dev.rosetta.formats.keras.h5.H5Output;
import dev.rosetta.formats.keras.read.GraphBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a {@link KerasGraph}'s weights go in an HDF5 file, as Keras itself lays them out.
 */
public final class WeightsLayout {
    /** Keras's {@code HDF5_OBJECT_HEADER_LIMIT}: name lists above it are split into chunks. */
    static final int OBJECT_HEADER_LIMIT = 64512;

    private WeightsLayout() {
    }

    /**
     * A list of names as Keras's {@code save_attributes_to_hdf5_group} stores it: one attribute, or
     * when its fixed-width array exceeds 64512 bytes, {@code name0}, {@code name1}, ... split as
     * {@code np.array_split} does, every chunk keeping the whole list's string width.
     */
    public static void names(H5Output.Group group, String name, List<String> values) {
        int width = 1;
        for (String v : values) {
            width = Math.max(width, v.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }
        if (width > OBJECT_HEADER_LIMIT) {
            throw new dev.rosetta.error.UnsupportedFeatureException("a name of " + width
                    + " bytes is longer than the " + OBJECT_HEADER_LIMIT + " bytes Keras can store in '" + name + "'");
        }
        int n = values.size();
        int chunks = 1;
        while ((long) ((n + chunks - 1) / chunks) * width > OBJECT_HEADER_LIMIT) {
            chunks++;
        }
        if (chunks == 1) {
            group.attribute(name, values);
            return;
        }
        int start = 0;
        for (int c = 0; c < chunks; c++) {
            int size = n / chunks + (c < n % chunks ? 1 : 0);
            group.attribute(name + c, values.subList(start, start + size), width);
            start += size;
        }
    }

    /**
     * Keras 2 {@code save_weights_to_hdf5_group}: attributes {@code layer_names}, {@code backend},
     * {@code keras_version} on {@code group}; per layer a group with attribute {@code weight_names}
     * ({@code <layer>/<variable>:0}, or an empty float64 array) and the datasets at those paths.
     */
    public static void legacy(KerasGraph g, H5Output.Group group, String kerasVersion) {
        List<String> names = new ArrayList<>();
        for (KerasLayer l : g.layers()) {
            names.add(l.name());
        }
        group.attribute("backend", "tensorflow");
        group.attribute("keras_version", kerasVersion);
        names(group, "layer_names", names);
        for (KerasLayer l : g.layers()) {
            H5Output.Group lg = group.group(l.name());
            List<String> weightNames = new ArrayList<>();
            for (KerasWeight w : l.weights()) {
                weightNames.add(l.name() + "/" + w.variable() + ":0");
            }
            names(lg, "weight_names", weightNames);
            if (!l.weights().isEmpty()) {
                H5Output.Group inner = lg.group(l.name());
                for (KerasWeight w : l.weights()) {
                    inner.dataset(w.variable() + ":0", w.dtype(), w.shape(), w.content());
                }
            }
        }
    }

    /**
     * Keras 3 {@code model.weights.h5}: the model's own {@code vars} group and, per layer in
     * {@code model.layers} order, {@code layers/<snake_case class>[_n]/vars/0, 1, ...}.
     */
    public static void keras3(KerasGraph g, H5Output.Group root) {
        H5Output.Group layers = root.group("layers");
        Map<String, Integer> used = new HashMap<>();
        for (KerasLayer l : g.layers()) {
            String snake = GraphBuilder.snakeCase(l.className());
            Integer n = used.get(snake);
            used.put(snake, n == null ? 0 : n + 1);
            String name = n == null ? snake : snake + "_" + (n + 1);
            H5Output.Group vars = layers.group(name).group("vars");
            int i = 0;
            for (KerasWeight w : l.weights()) {
                vars.dataset(Integer.toString(i++), w.dtype(), w.shape(), w.content());
            }
        }
        root.group("vars");
    }
}
