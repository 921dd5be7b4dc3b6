/**
 * The TensorFlow operator mappings: one small class per TensorFlow op (or family of ops that map
 * alike), registered in {@link dev.rosetta.formats.tensorflow.ops.TfOps}, each turning a
 * {@link dev.rosetta.formats.tensorflow.graph.TfNode} into IR nodes through an
 * {@link dev.rosetta.formats.tensorflow.ops.ImportContext}. IR nodes follow ONNX names and
 * semantics; spatial ops keep TensorFlow's {@code data_format} as the IR {@code layout} attribute,
 * so NHWC graphs are held without transposes (Conv weights HWIO, depthwise HWCM, transposed conv
 * HWOI, as TensorFlow stores them).
 */
package dev.rosetta.formats.tensorflow.ops;
