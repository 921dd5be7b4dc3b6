/**
 * The IR as a TensorFlow graph, through TensorFlow Java: {@link
 * dev.rosetta.formats.tensorflow.export.TfGraphBuilder} emits one small emitter per IR op (table
 * {@link dev.rosetta.formats.tensorflow.export.TfEmitters}) with weights as variables, and
 * {@link dev.rosetta.formats.tensorflow.export.SavedModelWriter} exports the result as a SavedModel
 * with a {@code serving_default} signature. The {@code tensorflow} runtime backend reuses the
 * builder to execute IR models.
 */
package dev.rosetta.formats.tensorflow.export;
