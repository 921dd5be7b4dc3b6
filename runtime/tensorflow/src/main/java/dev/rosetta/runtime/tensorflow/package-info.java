/**
 * Backend {@code tensorflow}: TensorFlow Java 1.1 (TensorFlow 2.18) running a SavedModel directory
 * (one signature) or a frozen GraphDef as written, NHWC natively, and IR models built as TensorFlow
 * graphs by {@link dev.rosetta.formats.tensorflow.export.TfGraphBuilder} (channels-first spatial
 * nodes between transposes).
 *
 * <p>The JVM needs {@code --enable-native-access=ALL-UNNAMED} (JavaCPP loads libtensorflow) and
 * {@code --sun-misc-unsafe-memory-access=allow} (protobuf and JavaCPP use {@code sun.misc.Unsafe});
 * {@code TF_ENABLE_ONEDNN_OPTS=0} gives reproducible CPU results and {@code TF_CPP_MIN_LOG_LEVEL=1}
 * quiets TensorFlow's log.
 *
 * <p>GPU: the {@code linux-x86_64} natives are CPU-only, so {@code --device gpu} is refused unless
 * the {@code linux-x86_64-gpu} natives (CUDA 12, cuDNN 9) are on the class path instead. With them,
 * sessions get {@code gpu_options.allow_growth=true} (TensorFlow takes GPU memory as it needs it,
 * rather than all of it up front, so it can share the card with other engines) and
 * {@code visible_device_list} set to the chosen GPU; a CPU run hides the GPUs
 * ({@code device_count GPU=0}).
 */
package dev.rosetta.runtime.tensorflow;
