/**
 * One {@link dev.rosetta.formats.keras.read.LayerMapping} per Keras layer class (or family of
 * classes that share their logic, such as the 1-D and 2-D pools), registered in
 * {@link dev.rosetta.formats.keras.read.LayerTable}.
 */
package dev.rosetta.formats.keras.read.layers;
