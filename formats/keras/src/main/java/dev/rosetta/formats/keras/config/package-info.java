/**
 * Keras model configs: {@link dev.rosetta.formats.keras.config.KerasJson} parses JSON with bounded
 * depth and size; {@link dev.rosetta.formats.keras.config.ConfigParser} reduces Sequential and
 * Functional configs of Keras 2.0 to 3.x (and nested models) to one
 * {@link dev.rosetta.formats.keras.config.ModelSpec} form: layers, their calls and the tensors those
 * calls read.
 */
package dev.rosetta.formats.keras.config;
