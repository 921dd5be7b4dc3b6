package dev.rosetta.formats.numpy;

import dev.rosetta.error.RosettaIOException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Reading and writing NumPy files in one call, for the runtime and the CLI (inputs to
 * {@code verify}, outputs it produces).
 *
 * <p>Readers tell {@code .npy} from {@code .npz} by content. {@link #readAll} and
 * {@link #readTensor} return copies that outlive the file (little-endian, on the heap when under
 * 2 GiB, off-heap above); {@link #read} returns a model whose tensors are views of the mapped file
 * and must be closed. Writers write directly to the given path; callers wanting all-or-nothing
 * output wrap them in {@link dev.rosetta.formats.AtomicOutput}. Every failure is a
 * {@link dev.rosetta.error.RosettaException}: I/O problems are {@link RosettaIOException}.
 */
public final class NumpyFiles {
    private static final NpyFormat FORMAT = new NpyFormat();

    private NumpyFiles() {
    }

    /**
     * Reads an {@code .npy} or {@code .npz} as a weights-only model that owns the mapped file.
     *
     * @param path the file to read (opened read-only)
     * @return a model without nodes, one initializer per array; the caller closes it
     * @throws dev.rosetta.error.MalformedInputException when the file is broken or not NumPy
     * @throws UnsupportedFeatureException for an unknown dtype, format version or zip feature
     * @throws RosettaIOException when the file cannot be read
     */
    public static Model read(Path path) {
        try {
            return FORMAT.read(path, FormatOptions.none());
        } catch (IOException e) {
            throw new RosettaIOException(path, "reading", e);
        }
    }

    /**
     * Every array of an {@code .npy} (one, named after the file stem) or {@code .npz} (in entry
     * order, named without {@code .npy}), as little-endian copies independent of the file.
     *
     * @param path the file to read
     * @return arrays by name, in file order (a {@link LinkedHashMap})
     * @throws dev.rosetta.error.MalformedInputException when the file is broken or not NumPy
     * @throws UnsupportedFeatureException for an unknown dtype, format version or zip feature
     * @throws RosettaIOException when the file cannot be read
     */
    public static Map<String, Tensor> readAll(Path path) {
        try (Model model = read(path)) {
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (Value v : model.graph().initializers()) {
                out.put(v.name(), Elements.copyLittleEndian(v.constant()));
            }
            return out;
        }
    }

    /**
     * The array of an {@code .npy} file, as a little-endian copy independent of the file.
     *
     * @param path the {@code .npy} file to read
     * @return its array
     * @throws UnsupportedFeatureException when the file is an {@code .npz} (use {@link #readAll})
     * @throws dev.rosetta.error.MalformedInputException when the file is broken or not NumPy
     * @throws RosettaIOException when the file cannot be read
     */
    public static Tensor readTensor(Path path) {
        try (Model model = read(path)) {
            if (!"npy".equals(model.metadata().get("numpy.container"))) {
                throw new UnsupportedFeatureException(path + ": expected a single-array .npy file, found an .npz with "
                        + model.graph().initializers().size() + " arrays; read it with readAll");
            }
            return Elements.copyLittleEndian(model.graph().initializers().getFirst().constant());
        }
    }

    /**
     * Writes {@code tensor} as an {@code .npy} (little-endian, C order) at exactly {@code path}.
     *
     * @param path the file to create or replace
     * @param tensor the array, of any dtype, byte order and size
     * @throws RosettaIOException when writing fails
     */
    public static void writeNpy(Path path, Tensor tensor) {
        Objects.requireNonNull(tensor, "tensor");
        try {
            NpyWriter.write(tensor, path);
        } catch (IOException e) {
            throw new RosettaIOException(path, "writing", e);
        }
    }

    /**
     * Writes {@code arrays} as an {@code .npz} of stored entries {@code <key>.npy}, in map order,
     * at exactly {@code path}.
     *
     * @param path the file to create or replace
     * @param arrays the arrays by entry name (without {@code .npy})
     * @throws IllegalArgumentException when a key is empty
     * @throws RosettaIOException when writing fails
     */
    public static void writeNpz(Path path, Map<String, Tensor> arrays) {
        for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty()) {
                throw new IllegalArgumentException("an .npz entry needs a non-empty name");
            }
            Objects.requireNonNull(e.getValue(), "tensor '" + e.getKey() + "'");
        }
        try {
            NpzWriter.write(arrays, path);
        } catch (IOException e) {
            throw new RosettaIOException(path, "writing", e);
        }
    }
}
