/**
 * From a {@link dev.rosetta.formats.keras.config.ModelSpec} and stored weights to an IR graph:
 * {@link dev.rosetta.formats.keras.read.GraphBuilder} builds layer calls as their inputs become
 * available and inlines nested models; {@link dev.rosetta.formats.keras.read.LayerTable} maps each
 * Keras class to a {@link dev.rosetta.formats.keras.read.LayerMapping}; weights come from a
 * {@link dev.rosetta.formats.keras.read.WeightSource} (the Keras 2 {@code layer_names} /
 * {@code weight_names} layout, or Keras 3 {@code layers/<class>/vars/<i>}) and are checked against
 * the shapes each layer's config implies.
 */
package dev.rosetta.formats.keras.read;
