/**
 * The Keras formats: {@link dev.rosetta.formats.keras.KerasH5Format} ({@code keras-h5}, legacy
 * HDF5 of Keras 2 and tf.keras) and {@link dev.rosetta.formats.keras.KerasV3Format}
 * ({@code keras}, Keras 3 {@code .keras} archives), both read and write; options in
 * {@link dev.rosetta.formats.keras.KerasOptions}.
 *
 * <h2>How a Keras model is held in the IR</h2>
 * <ul>
 *   <li><b>One layout rule:</b> every weight is kept exactly as Keras stores it (zero-copy slices of
 *       the mapped file) and tagged with its true axis order: Conv1D {@code WIO}, Conv2D
 *       {@code HWIO}, DepthwiseConv2D {@code HWCM} (a {@code Conv} with {@code group} = input
 *       channels), SeparableConv2D {@code HWCM} + {@code HWIO}, Conv2DTranspose {@code HWOI},
 *       Dense {@code IO} (a {@code MatMul} plus an {@code Add} of the bias). A layer's
 *       {@code data_format} only sets its node's {@code layout} attribute ({@code NWC}/{@code NHWC}
 *       for channels_last, {@code NCW}/{@code NCHW} for channels_first) and the activations' tags;
 *       a channels_first Conv2D is therefore a {@code Conv} with {@code layout=NCHW} and an
 *       {@code HWIO} weight. Nothing is transposed on reading.</li>
 *   <li>Operators follow ONNX (opset 17 semantics, recorded as the model's opset): padding
 *       {@code same} is TensorFlow's SAME made explicit in {@code pads} (the odd element at the
 *       end) when sizes are known, {@code auto_pad=SAME_UPPER} otherwise; {@code causal} pads the
 *       start; ZeroPadding and Cropping are {@code Pad} (cropping as negative pads); UpSampling is
 *       {@code Resize} with static {@code scales}; Flatten is {@code Flatten(axis=1)}; Reshape a
 *       {@code Reshape} with a static {@code shape} attribute {@code [0, target...]}.</li>
 *   <li>Activations: relu, relu6 ({@code Clip(0, 6)}), sigmoid, tanh, softmax (axis -1), elu,
 *       selu, swish/silu ({@code x * Sigmoid(x)}), hard_sigmoid ({@code HardSigmoid} 0.2x+0.5 for
 *       Keras 2 files, x/6+0.5 for Keras 3), softplus, softsign, exponential, leaky_relu, linear
 *       (no node).</li>
 *   <li>Names: a layer's output value and its last node carry the layer's name ({@code conv0};
 *       a second call of a shared layer {@code conv0:1}; a layer of a nested model
 *       {@code inner/conv0}); helper nodes are {@code conv0/<Op>}; weights {@code conv0/kernel}.
 *       Inference-time identities (Dropout, SpatialDropout, GaussianNoise, ...) add no node.</li>
 *   <li>Unknown layers (Lambda, custom classes, RNNs): every one is listed at once in an
 *       {@link dev.rosetta.error.UnsupportedFeatureException}; reading with
 *       {@code weights-only=true} still returns every stored weight (a graph without nodes), tagged
 *       by layer class when the config is readable.</li>
 * </ul>
 *
 * <h2>Writing</h2>
 * The writer needs a channels-last graph (the converter runs the layout pass first) and refuses,
 * listing every problem, nodes that are channels-first or have no Keras layer. The architecture is
 * the graph's own, as a Functional model: Conv → Conv2D/Conv1D/DepthwiseConv2D (with a ZeroPadding
 * layer in front where the pads are not Keras's {@code same}/{@code valid}/{@code causal}),
 * ConvTranspose → Conv2DTranspose, BatchNormalization, Relu/Clip(0,m)/ThresholdedRelu → ReLU,
 * LeakyRelu, Elu, Softmax, PRelu, other activations → Activation (fused into the layer before when it
 * is its only reader), Add/Sub/Mul/Max/Min/Sum, Concat, Gemm and MatMul(+Add) → Dense, Flatten,
 * Reshape, Transpose → Permute, Pad, Resize → UpSampling2D, global pooling (+Flatten) →
 * GlobalAveragePooling2D/GlobalMaxPooling2D, MaxPool/AveragePool, Identity/Dropout (no layer).
 * Weights in ONNX order (OIHW, IOHW, OI) are permuted to Keras order as their datasets are written;
 * datasets are streamed from the tensors ({@link dev.rosetta.formats.keras.h5.H5Output}); in a
 * {@code .keras} archive the HDF5 is written straight into its stored zip entry
 * ({@link dev.rosetta.formats.zip.StoredZipWriter}), and read back where it lies when stored and
 * at most 2 GiB (a compressed entry, or a bigger one, is copied to a temporary file first). Layers are
 * written in Keras's {@code model.layers} order (by depth from the outputs), the order Keras pairs
 * stored weights with layers in. With option {@code naming=keras-applications}, a ResNet whose weights
 * carry keras.applications names gets keras.applications' layer names, zero conv biases and its
 * {@code Add([shortcut, x])} operand order ({@link dev.rosetta.formats.keras.write.KerasApplicationsResNet}).
 * Small tensors no layer reads (PyTorch's {@code num_batches_tracked}) are kept in the root attribute
 * {@code rosetta_buffers} of a legacy HDF5 model or of an archive's {@code model.weights.h5}.
 *
 * <h2>Recovering a graph</h2>
 * A weights-only file with keras.applications ResNet layer names reads, when recoveries run (not with
 * {@code weights-only=true}), as the ResNet v1 graph keras.applications builds
 * ({@link dev.rosetta.formats.keras.recover.KerasApplicationsRecovery}).
 */
package dev.rosetta.formats.keras;
