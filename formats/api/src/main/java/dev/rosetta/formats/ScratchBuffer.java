package dev.rosetta.formats;

import dev.rosetta.ir.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One off-heap buffer, reused for every {@linkplain Tensor#deferred deferred} tensor a file
 * writer streams out: each is computed into it (its permutation done straight into the buffer)
 * and written from there, so writing re-laid weights takes one buffer the size of the largest of
 * them instead of a heap copy of each, kept by the tensor. It grows when a larger tensor comes;
 * {@link #close} frees it. Not thread-safe: one writer owns it.
 */
public final class ScratchBuffer implements AutoCloseable {
    /** Sizes are rounded up to this, so a few slightly larger tensors do not each regrow it. */
    private static final long GRAIN = 1L << 20;

    private Arena arena;
    private MemorySegment buffer;

    /**
     * The bytes of {@code t} in its {@link Tensor#byteOrder()}: its own data when they are there
     * already, else computed into the buffer (valid until the next call or {@link #close}) without
     * the tensor keeping them.
     */
    public MemorySegment bytesOf(Tensor t) {
        return t.isDeferred() ? holding(t) : t.data();
    }

    /** The bytes of {@code t}, computed into the buffer: valid until the next call or {@link #close}. */
    private MemorySegment holding(Tensor t) {
        long n = t.byteSize();
        if (buffer == null || buffer.byteSize() < n) {
            close();
            arena = Arena.ofShared();
            buffer = arena.allocate(Math.max(GRAIN, (n + GRAIN - 1) / GRAIN * GRAIN), 64);
        }
        MemorySegment slice = buffer.asSlice(0, n);
        t.copyTo(slice);
        return slice;
    }

    /** Frees the buffer; idempotent. */
    @Override
    public void close() {
        if (arena != null) {
            arena.close();
            arena = null;
            buffer = null;
        }
    }
}
