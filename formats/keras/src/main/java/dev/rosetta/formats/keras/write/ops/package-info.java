/**
 * One {@link dev.rosetta.formats.keras.write.OpExporter} per IR operator (trivial activations are
 * one line each in {@link dev.rosetta.formats.keras.write.OpExporters}, configuring
 * {@link dev.rosetta.formats.keras.write.ops.ActivationExport}).
 */
package dev.rosetta.formats.keras.write.ops;
