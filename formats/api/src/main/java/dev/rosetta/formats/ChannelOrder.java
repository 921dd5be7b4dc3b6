package dev.rosetta.formats;

/**
 * Where a format keeps the channel axis of images and feature maps, which decides whether the
 * converter runs a layout pass before writing.
 */
public enum ChannelOrder {
    /** NCHW activations, OIHW conv kernels: PyTorch, ONNX. */
    FIRST,
    /** NHWC activations, HWIO conv kernels: Keras, TensorFlow. */
    LAST,
    /** The format holds no graph and no layout convention (NumPy, safetensors). */
    ANY
}
