/**
 * Executing models on real engines and judging how close two runs are.
 *
 * <h2>What lives here</h2>
 * <ul>
 *   <li>{@link dev.rosetta.runtime.Backend}: the engine SPI, found through
 *       {@link java.util.ServiceLoader} by {@link dev.rosetta.runtime.BackendRegistry}; a backend
 *       loads a {@link dev.rosetta.runtime.ModelSource} (an IR model or a file run as written) into
 *       an {@link dev.rosetta.runtime.Execution}, which runs it and can record intermediates.</li>
 *   <li>{@link dev.rosetta.runtime.Comparator} and {@link dev.rosetta.runtime.Tolerance}: the pass
 *       rule {@code |a - e| <= atol + rtol * |e|}, per-dtype profiles, the metrics.</li>
 *   <li>{@link dev.rosetta.runtime.Verification}: one whole verification (inputs, runs, output
 *       comparison, per-layer diagnosis through {@link dev.rosetta.runtime.LayerDiagnosis}), giving
 *       a {@link dev.rosetta.runtime.report.VerificationReport}.</li>
 * </ul>
 *
 * <h2>Devices and CUDA natives</h2>
 * {@link dev.rosetta.runtime.Device} is {@code cpu} or {@code gpu[:N]}. The default build ships
 * CPU natives only, and a GPU request on a machine without them fails with
 * {@link dev.rosetta.error.UnsupportedFeatureException} (exit code 3) naming what is missing.
 * To run on a GPU:
 * <ul>
 *   <li><b>pytorch / torchscript</b> (DJL PyTorch engine 0.36.0, libtorch 2.7.1): put
 *       {@code ai.djl.pytorch:pytorch-native-cu128:2.7.1} (classifier {@code linux-x86_64}) on the
 *       class path instead of {@code pytorch-native-cpu}, or point {@code PYTORCH_LIBRARY_PATH} at
 *       a CUDA build of libtorch 2.7.1 (with {@code PYTORCH_VERSION=2.7.1} and
 *       {@code PYTORCH_FLAVOR=cu128}). The NVIDIA driver must be installed;
 *       {@code CUDA_VISIBLE_DEVICES} selects which GPUs DJL sees.</li>
 *   <li><b>onnxruntime</b> (ONNX Runtime 1.21.1): replace {@code com.microsoft.onnxruntime:onnxruntime}
 *       with {@code com.microsoft.onnxruntime:onnxruntime_gpu} of the same version, and have CUDA 12
 *       and cuDNN 9 libraries on {@code LD_LIBRARY_PATH}; the backend then adds the CUDA
 *       execution provider for device {@code gpu:N}.</li>
 * </ul>
 * These jars are not among the project's dependencies (the CUDA builds of libtorch are not
 * served by the registries this project reaches), so the GPU path is untested here.
 *
 * <h2>Offline natives</h2>
 * The PyTorch engine runs with {@code ai.djl.offline=true}: libtorch comes from the
 * {@code pytorch-native-cpu} jar and is unpacked once into DJL's cache ({@code ~/.djl.ai/pytorch},
 * or {@code DJL_CACHE_DIR}). ONNX Runtime unpacks its natives from its jar into a temporary
 * directory at each start ({@code onnxruntime.native.path} overrides).
 */
package dev.rosetta.runtime;
