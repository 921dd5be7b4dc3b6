/**
 * The operator kernels of the {@code pytorch} backend: one {@link dev.rosetta.runtime.pytorch.ops.OpKernel}
 * per ONNX operator, registered in {@link dev.rosetta.runtime.pytorch.ops.OpTable}, each computing
 * with DJL NDArray operations on the PyTorch engine (channels-first; nodes whose {@code layout}
 * attribute is channels-last are transposed in and out).
 */
package dev.rosetta.runtime.pytorch.ops;
