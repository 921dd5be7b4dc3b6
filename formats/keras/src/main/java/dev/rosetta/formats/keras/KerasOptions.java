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
 *       (default {@value #DEFAULT_KERAS_VERSION}).</li>
 * </ul>
 */
public final class KerasOptions {
    /** Architecture JSON for a weights-only file. */
    public static final String CONFIG = "config";
    /** Read or write weights only. */
    public static final String WEIGHTS_ONLY = "weights-only";
    /** The {@code keras_version} attribute written. */
    public static final String KERAS_VERSION = "keras-version";
    /** The Keras version legacy HDF5 files are written as. */
    public static final String DEFAULT_KERAS_VERSION = "2.15.0";

    private KerasOptions() {
    }
}
