package dev.rosetta.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.ir.DType;
import dev.rosetta.ir.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class LittleEndianChunksTest {
    /** 0x01020304, 0x05060708, ... as little-endian bytes: the expected output for every case. */
    private static byte[] expected(int n) {
        ByteBuffer b = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putInt(0x01020304 + i * 0x04040404);
        }
        return b.array();
    }

    private static int value(long i) {
        return 0x01020304 + (int) i * 0x04040404;
    }

    private static byte[] streamed(Tensor t) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LittleEndianChunks chunks = new LittleEndianChunks()) {
            chunks.stream(t, chunk -> {
                assertEquals(0, chunk.position());
                assertEquals(chunk.capacity(), chunk.limit(), "a chunk's capacity is its length");
                byte[] b = new byte[chunk.remaining()];
                chunk.get(b);
                out.write(b);
            });
        }
        return out.toByteArray();
    }

    private static Tensor ints(int n, ByteOrder order, MemorySegment data) {
        for (int i = 0; i < n; i++) {
            data.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED.withOrder(order), i, value(i));
        }
        return Tensor.of(DType.INT32, new long[] {n}, data, order);
    }

    @Test
    void littleEndianBytesGoOutAsTheyAre() throws IOException {
        int n = 3 * LittleEndianChunks.CHUNK / 4 + 5; // more than one chunk, not a whole number of them
        assertArrayEquals(expected(n), streamed(ints(n, ByteOrder.LITTLE_ENDIAN, MemorySegment.ofArray(new byte[n * 4]))));
    }

    @Test
    void bigEndianBytesAreSwappedChunkByChunk() throws IOException {
        int n = LittleEndianChunks.CHUNK / 4 + 7;
        assertArrayEquals(expected(n), streamed(ints(n, ByteOrder.BIG_ENDIAN, MemorySegment.ofArray(new byte[n * 4]))));
    }

    @Test
    void heapSegmentsOverOtherArraysAreCopiedThrough() throws IOException {
        int n = 1000;
        MemorySegment overInts = MemorySegment.ofArray(new int[n]); // no ByteBuffer can view it
        assertArrayEquals(expected(n), streamed(ints(n, ByteOrder.LITTLE_ENDIAN, overInts)));
    }

    @Test
    void deferredTensorsAreComputedIntoTheScratchAndNotKept() throws IOException {
        int n = 70_000;
        Tensor lazy = Tensor.deferred(DType.INT32, new long[] {n}, ByteOrder.BIG_ENDIAN, dst -> {
            for (int i = 0; i < n; i++) {
                dst.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), i, value(i));
            }
        });
        assertArrayEquals(expected(n), streamed(lazy));
        assertTrue(lazy.isDeferred(), "streaming kept no copy of the tensor");
    }
}
