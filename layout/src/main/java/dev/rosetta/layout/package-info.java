/**
 * Layout conversion between channels-first (PyTorch, ONNX) and channels-last (Keras,
 * TensorFlow): the {@link dev.rosetta.layout.LayoutConversion} entry point and its options
 * ({@link dev.rosetta.layout.IoLayout}, {@link dev.rosetta.layout.DenseWeights},
 * {@link dev.rosetta.layout.Direction}). The passes live in {@code pass}, the per-op rules in
 * {@code rules}, the permutation kernels in {@code kernel}, name maps in {@code naming}.
 */
package dev.rosetta.layout;
