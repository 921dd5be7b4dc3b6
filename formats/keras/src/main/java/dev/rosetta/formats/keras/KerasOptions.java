package dev.rosetta.formats.keras;

/**
 * The {@link dev.rosetta.formats.FormatOptions} keys the Keras formats understand.
 *
 * <ul>
 *   <li>{@value #CONFIG} (read): path of an architecture JSON ({@code model.to_json()}) for a
 *       weights-only file;</li>
 *   <li>{@value #WEIGHTS_ONLY} (read and write): on reading, skip the architecture and return
 *       every stored weight as an initializer of a graph without nodes (works for models with
 *       unsupported layers, so {@code inspect} can still show their weights); on writing, write only
 *       the weights layout (root {@code layer_names} and per-layer {@code weight_names}, as
 *       {@code model.save_weights} does);</li>
 *   <li>{@value #KERAS_VERSION} (write): the {@code keras_version} attribute to record
 *       (default {@value #DEFAULT_KERAS_VERSION});</li>
 *   <li>{@value #NAMING} (write): {@code keras-applications} (or {@code keras}) lays out a ResNet
 *       whose weights carry keras.applications names as {@code keras.applications.ResNet50/101/152}
 *       does (layer names, zero conv biases, layer order), so its {@code load_weights} accepts the
 *       file; other values leave the layout as it is.</li>
 * </ul>
 */
public final class KerasOptions {
    /** Architecture JSON for a weights-only file. */
    public static final String CONFIG = "config";
    /** Read or write weights only. */
    public static final String WEIGHTS_ONLY = "weights-only";
    /** The {@code keras_version} attribute written. */
    public static final String KERAS_VERSION = "keras-version";
    /** Naming scheme the converter applied ({@code --naming}). */
    public static final String NAMING = "naming";
    /** The Keras version legacy HDF5 files are written as. */
    public static final String DEFAULT_KERAS_VERSION = "2.15.0";

    private KerasOptions() {
    }

    /** True when {@value #NAMING} asks for keras.applications names. */
    static boolean kerasApplicationsNaming(dev.rosetta.formats.FormatOptions options) {
        String n = options.get(NAMING, "").toLowerCase(java.util.Locale.ROOT);
        return n.equals("keras-applications") || n.equals("keras");
    }
}
