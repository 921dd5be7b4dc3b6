/**
 * PyTorch files: {@code torch.save} state dicts in the zip and legacy formats
 * ({@link dev.rosetta.formats.pytorch.PyTorchFormat}, {@link dev.rosetta.formats.pytorch.PyTorchReader},
 * {@link dev.rosetta.formats.pytorch.PyTorchWriter}) and TorchScript archives, read for inspection
 * ({@link dev.rosetta.formats.pytorch.TorchScriptFormat}).
 *
 * <p>Pickles are read by the safe unpickler of the {@code pickle} subpackage with the PyTorch
 * allow-list of {@code TorchGlobals}; zip archives by the {@code zip} subpackage over a mapped file,
 * so storages become tensors without copies. A state dict read alone is a graph without nodes; the
 * {@code arch} subpackage recognizes architectures from its keys and shapes.
 */
package dev.rosetta.formats.pytorch;
