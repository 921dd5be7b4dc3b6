package dev.rosetta.formats;

import dev.rosetta.ir.Tensor;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Hands tensors' element bytes to a file writer in little-endian order, {@link #CHUNK} bytes at a
 * time, without keeping a copy of any tensor: little-endian bytes in memory a buffer can view
 * (off-heap, mapped, or a {@code byte[]}) go out as views; big-endian bytes, and heap segments
 * over other arrays, are copied through one small reused buffer (swapped on the way); a
 * {@linkplain Tensor#deferred deferred} tensor (a weight the layout pass re-laid lazily) is first
 * computed into one reused off-heap {@link ScratchBuffer}, so writing a model whose weights were
 * all re-laid takes one buffer the size of the largest of them, not a heap copy of each. One
 * instance per writer; not thread-safe. Each chunk starts at position 0 and its capacity is its
 * length (some sinks, such as protobuf's {@code CodedOutputStream.writeRawBytes}, write a buffer's
 * whole capacity); chunks are valid only during the {@link Sink#accept} call.
 */
public final class LittleEndianChunks implements AutoCloseable {
    /** The most bytes one chunk holds. */
    public static final int CHUNK = 1 << 20;

    /** Where the chunks go: a file channel, a zip entry, a protobuf stream. */
    @FunctionalInterface
    public interface Sink {
        /** Takes all remaining bytes of {@code chunk}. */
        void accept(ByteBuffer chunk) throws IOException;
    }

    private final ScratchBuffer scratch = new ScratchBuffer();
    private byte[] copyBuffer;

    /** Hands all of {@code t}'s bytes, little-endian, to {@code sink} in order. */
    public void stream(Tensor t, Sink sink) throws IOException {
        MemorySegment data = scratch.bytesOf(t);
        long size = data.byteSize();
        int width = t.dtype().byteSize();
        boolean swap = width > 1 && t.byteOrder() != ByteOrder.LITTLE_ENDIAN;
        if (!swap && viewable(data)) {
            for (long off = 0; off < size; off += CHUNK) {
                sink.accept(data.asSlice(off, Math.min(CHUNK, size - off)).asByteBuffer());
            }
            return;
        }
        if (copyBuffer == null) {
            copyBuffer = new byte[CHUNK];
        }
        MemorySegment buffer = MemorySegment.ofArray(copyBuffer);
        for (long off = 0; off < size; off += CHUNK) {
            int n = (int) Math.min(CHUNK, size - off);
            if (swap) {
                ValueLayout element = layout(width);
                MemorySegment.copy(data, element.withOrder(ByteOrder.BIG_ENDIAN), off,
                        buffer, element.withOrder(ByteOrder.LITTLE_ENDIAN), 0, n / width);
            } else {
                MemorySegment.copy(data, off, buffer, 0, n);
            }
            sink.accept(ByteBuffer.wrap(copyBuffer, 0, n).slice());
        }
    }

    /** True when a {@link ByteBuffer} can view {@code data}: off-heap, or on the heap over a {@code byte[]}. */
    private static boolean viewable(MemorySegment data) {
        return data.isNative() || data.heapBase().map(b -> b instanceof byte[]).orElse(false);
    }

    private static ValueLayout layout(int width) {
        return switch (width) {
            case 2 -> ValueLayout.JAVA_SHORT_UNALIGNED;
            case 4 -> ValueLayout.JAVA_INT_UNALIGNED;
            case 8 -> ValueLayout.JAVA_LONG_UNALIGNED;
            default -> throw new IllegalArgumentException("no byte swap for " + width + "-byte elements");
        };
    }

    /** Frees the scratch buffer; idempotent. */
    @Override
    public void close() {
        scratch.close();
    }
}
