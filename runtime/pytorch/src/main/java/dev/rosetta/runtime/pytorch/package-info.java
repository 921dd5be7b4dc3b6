/**
 * Backends on DJL's PyTorch engine (libtorch 2.7.1 from Maven, run offline): {@code pytorch}
 * interprets the IR with NDArray operations ({@link dev.rosetta.runtime.pytorch.PyTorchBackend},
 * kernels in {@link dev.rosetta.runtime.pytorch.ops}); {@code torchscript} runs TorchScript
 * archives as written, as the PyTorch reference ({@link dev.rosetta.runtime.pytorch.TorchScriptBackend}).
 */
package dev.rosetta.runtime.pytorch;
