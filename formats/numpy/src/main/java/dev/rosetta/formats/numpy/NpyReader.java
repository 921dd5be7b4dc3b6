package dev.rosetta.formats.numpy;

import dev.rosetta.ir.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * Turns an {@code .npy} stream into a {@link Tensor}.
 *
 * <p>C-ordered data becomes a view of the stream's segment, so a mapped file is not copied and the
 * tensor keeps the file's byte order. Fortran-ordered data is transposed into C order, which is a
 * copy ({@link Tensor#allocate}: on the heap under 2 GiB, off-heap above), again in the file's
 * byte order. Bytes after the data are ignored, as NumPy does.
 */
final class NpyReader {
    private NpyReader() {
    }

    /**
     * Reads the array in {@code npy}.
     *
     * @throws dev.rosetta.error.MalformedInputException and the other errors of {@link NpyHeader#read}
     */
    static Tensor read(MemorySegment npy, Origin origin) {
        NpyHeader h = NpyHeader.read(npy, origin);
        MemorySegment data = npy.asSlice(h.dataOffset(), h.dataBytes());
        long[] shape = h.shape();
        if (h.fortranOrder() && !Elements.sameInBothOrders(shape)) {
            data = Elements.fortranToC(data, shape, h.dtype().byteSize());
        }
        return Tensor.of(h.dtype(), shape, data, h.order());
    }
}
