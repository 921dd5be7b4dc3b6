/**
 * The format service-provider interface: {@link dev.rosetta.formats.FormatProvider} (detect, read,
 * write, state support), the {@link dev.rosetta.formats.FormatRegistry} that finds providers with
 * {@link java.util.ServiceLoader}, {@link dev.rosetta.formats.MappedFile} for zero-copy reads,
 * {@link dev.rosetta.formats.LittleEndianChunks} (with its {@link dev.rosetta.formats.ScratchBuffer})
 * for streamed writes and {@link dev.rosetta.formats.AtomicOutput} for all-or-nothing writes.
 *
 * <h2>Memory</h2>
 * A conversion holds about its largest tensor plus a fixed overhead, not the model: readers map the
 * input and hand out tensors that are views of the mapping, the layout pass re-lays weights lazily
 * ({@link dev.rosetta.ir.Tensor#deferred}), and writers stream each tensor into the output, a
 * re-laid one computed into one reused off-heap buffer and not kept. Every ResNet-50 conversion
 * between the formats below runs in a 64 MB heap. Per format, and where a format cannot:
 * <ul>
 * <li>{@code .pt} (zip): stored entries are mapped in place; the legacy (pre-1.6) format is mapped
 *     too. Written as stored zip entries streamed with their CRC.</li>
 * <li>{@code .safetensors}, {@code .npy}, stored {@code .npz} entries: mapped. A deflated
 *     {@code .npz} entry is inflated into memory (compressed data has no bytes to map).</li>
 * <li>{@code .onnx}: the file is mapped and parsed with aliasing, so {@code raw_data} stays in the
 *     mapping; external data is mapped. Values stored in typed fields ({@code float_data} and the
 *     like) are decoded into the heap. A model without external data is limited to 2 GiB by
 *     protobuf; bigger ones are written with external data.</li>
 * <li>Keras {@code .h5}: contiguous, unfiltered datasets are mapped; chunked or compressed ones are
 *     decoded into the heap by jHDF (after a size check). {@code .keras}: a stored weights entry of
 *     at most 2 GiB is read where it lies in the archive; a compressed or bigger one is copied to a
 *     temporary file first. Both are written with their datasets streamed from the tensors.</li>
 * <li>SavedModel: variables are mapped from the tensor bundle; the graph protobuf (no weights) is
 *     read into the heap. Writing goes through TensorFlow Java, which holds every variable in its own
 *     (native) memory while it saves. Frozen GraphDef: mapped and parsed with aliasing, constants'
 *     {@code tensor_content} stays in the mapping.</li>
 * <li>TorchScript archives are opened by libtorch, which loads them whole.</li>
 * </ul>
 */
package dev.rosetta.formats;
