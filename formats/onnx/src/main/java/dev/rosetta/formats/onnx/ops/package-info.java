/**
 * Operator mappings between ONNX and the IR: the {@link dev.rosetta.formats.onnx.ops.OnnxOpMapping}
 * contract, one small class per operator that needs more than copying
 * ({@link dev.rosetta.formats.onnx.ops.PassThroughOp} serves the rest), all registered in
 * {@link dev.rosetta.formats.onnx.ops.OnnxOps}. Mappings see decoded nodes
 * ({@link dev.rosetta.formats.onnx.ops.OnnxNode}), never protobuf.
 */
package dev.rosetta.formats.onnx.ops;
