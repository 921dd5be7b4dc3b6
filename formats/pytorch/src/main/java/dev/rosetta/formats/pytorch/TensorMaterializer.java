package dev.rosetta.formats.pytorch;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.ResourceLimitException;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Tensor;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Turns a {@link TensorRef} into an IR {@link Tensor} over its storage's bytes.
 *
 * <p>A contiguous (row-major) view is a slice of the storage, so a mapped storage stays mapped
 * and nothing is copied. A non-contiguous view (a transposed weight saved without
 * {@code .contiguous()}, an expanded view) is gathered into a new contiguous tensor, copying the
 * longest contiguous inner runs at once. Element counts, extents and byte sizes are computed with
 * overflow checks before anything is read or allocated: an overflowing shape is a
 * {@link ResourceLimitException}, a view that reaches past its storage a
 * {@link MalformedInputException}.
 */
final class TensorMaterializer {
    /** Deepest tensor rank accepted. */
    static final int MAX_RANK = 64;

    private TensorMaterializer() {
    }

    /**
     * @param rootBytes the bytes of the root storage, already checked to hold its claimed elements
     * @param order the byte order of the storage bytes
     */
    static Tensor materialize(Path file, String name, TensorRef ref, MemorySegment rootBytes, ByteOrder order) {
        StorageRef s = ref.storage();
        DType dtype = s.type().dtype();
        int es = dtype.byteSize();
        long[] size = ref.size();
        long[] stride = ref.stride();
        String where = "tensor '" + name + "'";
        if (size.length > MAX_RANK) {
            throw new ResourceLimitException(file, where, "rank " + size.length + " exceeds the limit of " + MAX_RANK);
        }
        long numel = 1;
        long last = ref.offset();
        try {
            for (long d : size) {
                numel = Math.multiplyExact(numel, d);
            }
            Math.multiplyExact(numel, (long) es);
        } catch (ArithmeticException e) {
            throw new ResourceLimitException(file, where, "shape " + Arrays.toString(size)
                    + " has an element count (times " + es + " bytes per " + dtype.shortName() + ") that overflows a 64-bit integer");
        }
        if (numel == 0) {
            return Tensor.of(dtype, size, MemorySegment.ofArray(new byte[0]), order);
        }
        try {
            for (int i = 0; i < size.length; i++) {
                last = Math.addExact(last, Math.multiplyExact(size[i] - 1, stride[i]));
            }
        } catch (ArithmeticException e) {
            throw new ResourceLimitException(file, where, "shape " + Arrays.toString(size) + " with stride "
                    + Arrays.toString(stride) + " reaches an element index that overflows a 64-bit integer");
        }
        if (last >= s.viewNumel()) {
            throw new MalformedInputException(file, where, "storage shorter than the tensor claims: "
                    + s + (s.viewNumel() != s.numel() ? " viewed as " + s.viewNumel() + " elements from element " + s.viewOffset() : "")
                    + ", but shape " + Arrays.toString(size) + " with stride " + Arrays.toString(stride)
                    + " at offset " + ref.offset() + " needs " + (last + 1) + " elements");
        }
        long first = s.viewOffset() + ref.offset();
        if (isContiguous(size, stride)) {
            return Tensor.of(dtype, size, rootBytes.asSlice(first * es, numel * es), order);
        }
        return Tensor.of(dtype, size, gather(rootBytes, first, size, stride, numel, es), order);
    }

    /** True when the strides are those of a row-major array of this size (size-1 axes ignored). */
    static boolean isContiguous(long[] size, long[] stride) {
        long expected = 1;
        for (int i = size.length - 1; i >= 0; i--) {
            if (size[i] != 1 && stride[i] != expected) {
                return false;
            }
            expected *= size[i];
        }
        return true;
    }

    private static MemorySegment gather(MemorySegment src, long first, long[] size, long[] stride, long numel, int es) {
        // Merge the trailing axes that are laid out contiguously into one run copied at once.
        int k = size.length;
        long run = 1;
        while (k > 0 && (size[k - 1] == 1 || stride[k - 1] == run)) {
            run *= size[k - 1];
            k--;
        }
        MemorySegment out = Tensor.allocate(numel * es);
        long runBytes = run * es;
        long[] idx = new long[k];
        long outer = numel / run;
        long outPos = 0;
        for (long n = 0; n < outer; n++) {
            long at = first;
            for (int j = 0; j < k; j++) {
                at += idx[j] * stride[j];
            }
            MemorySegment.copy(src, at * es, out, outPos, runBytes);
            outPos += runBytes;
            for (int j = k - 1; j >= 0; j--) {
                if (++idx[j] < size[j]) {
                    break;
                }
                idx[j] = 0;
            }
        }
        return out;
    }
}
