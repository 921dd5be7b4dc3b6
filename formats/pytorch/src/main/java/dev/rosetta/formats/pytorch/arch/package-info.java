/**
 * Architectures from weights alone: a PyTorch state dict has no graph, so this package recognizes
 * torchvision architectures from key names and shapes and builds their full IR graph around the
 * weights.
 *
 * <p>Use {@link dev.rosetta.formats.pytorch.arch.PyTorchGraphs#attachArchitecture(dev.rosetta.ir.Model)}
 * on a weights-only model (from the PyTorch or safetensors reader): it returns the recognized
 * {@link dev.rosetta.formats.pytorch.arch.Architecture} (with a description such as
 * {@code "torchvision resnet50 (Bottleneck [3,4,6,3], 1000 classes)"}) after adding the input,
 * nodes, output and metadata to the same model, or empty with the model untouched;
 * {@link dev.rosetta.formats.pytorch.arch.PyTorchGraphs#noGraphReason} then says why.
 * {@link dev.rosetta.formats.pytorch.arch.ArchitectureRecognizer} recognizes without building.
 *
 * <p>Families: torchvision ResNet (18/34/50/101/152, ResNeXt, Wide ResNet, any class count, any
 * widths), MobileNetV2 (any width, seven stages) and VGG / VGG-BN (11/13/16/19 and custom
 * configurations). Graph conventions: ONNX op names and semantics (opset 17): {@code Conv}
 * (kernel_shape, strides, pads as [top, left, bottom, right], dilations, group, layout NCHW),
 * {@code BatchNormalization} (epsilon 1e-5; inputs X, scale, B, mean, var), {@code Relu},
 * {@code Clip} for ReLU6 (bounds from two {@code Constant} nodes, so no initializer is added),
 * {@code MaxPool}, {@code Add}, {@code GlobalAveragePool}, {@code Flatten} (axis 1), {@code Gemm}
 * (transB 1, alpha = beta = 1), and for VGG's adaptive pool {@code Identity} or an exact
 * {@code AveragePool} at a fixed input size. Dropout is omitted (inference). Input {@code "input"}
 * is [batch, C, height, width] NCHW in the weights' dtype; output {@code "output"}. Node names are
 * PyTorch module paths ({@code layer1.0.conv1}); a module applied more than once gets {@code _1},
 * {@code _2} ({@code layer1.0.relu_2}, as torch.fx names them); residual adds are
 * {@code <block>.add}. Weights keep their state-dict names and get layout tags (OIHW, OI, NONE).
 *
 * <p>Not inferable from weights, hence fixed to torchvision's defaults: strides and paddings,
 * ResNet without {@code replace_stride_with_dilation}, MobileNetV2's standard stage strides, VGG's
 * pool after the last conv.
 */
package dev.rosetta.formats.pytorch.arch;
