/**
 * From an IR graph to Keras: {@link dev.rosetta.formats.keras.write.KerasExporter} turns each node
 * into layers through the {@link dev.rosetta.formats.keras.write.OpExporters} table, producing a
 * {@link dev.rosetta.formats.keras.write.KerasGraph}; {@link dev.rosetta.formats.keras.write.ModelConfigJson}
 * writes its config (Keras 2 and Keras 3 forms) and {@link dev.rosetta.formats.keras.write.WeightsLayout}
 * places its weights as Keras does.
 */
package dev.rosetta.formats.keras.write;
