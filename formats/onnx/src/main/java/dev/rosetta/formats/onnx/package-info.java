/**
 * The ONNX format: {@link dev.rosetta.formats.onnx.OnnxFormat} (the provider),
 * {@link dev.rosetta.formats.onnx.OnnxReader} (file to IR, strict or keeping unsupported nodes),
 * {@link dev.rosetta.formats.onnx.OnnxWriter} (IR to file or bytes, streaming, external data),
 * {@link dev.rosetta.formats.onnx.OnnxSupport} (what a model uses that Rosetta cannot read or
 * write). The protobuf classes generated from {@code src/main/proto/onnx.proto} live in
 * {@code dev.rosetta.formats.onnx.proto} and never leave this package's internals.
 */
package dev.rosetta.formats.onnx;
