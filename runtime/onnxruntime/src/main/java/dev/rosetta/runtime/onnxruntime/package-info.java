/**
 * Backend {@code onnxruntime}: ONNX Runtime through its Java API, for {@code .onnx} files as
 * written and IR models written as ONNX ({@link dev.rosetta.runtime.onnxruntime.OnnxRuntimeBackend}).
 */
package dev.rosetta.runtime.onnxruntime;
