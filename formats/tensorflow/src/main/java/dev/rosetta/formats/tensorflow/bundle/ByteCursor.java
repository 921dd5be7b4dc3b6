package dev.rosetta.formats.tensorflow.bundle;

import dev.rosetta.error.MalformedInputException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Reads varints and fixed-width little-endian integers from a bounded region of a segment; every
 * read past the region is a {@link MalformedInputException} naming the file and the place.
 */
final class ByteCursor {
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path file;
    private final String place;
    private final MemorySegment seg;
    private final long end;
    private long pos;

    /** A cursor over {@code [start, end)} of {@code seg}. */
    ByteCursor(Path file, String place, MemorySegment seg, long start, long end) {
        this.file = file;
        this.place = place;
        this.seg = seg;
        this.pos = start;
        this.end = end;
    }

    long position() {
        return pos;
    }

    long remaining() {
        return end - pos;
    }

    /** A varint of at most 64 bits. */
    long varint64() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw malformed("a varint runs past the end of the region");
            }
            byte b = seg.get(ValueLayout.JAVA_BYTE, pos++);
            v |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw malformed("a varint is longer than 10 bytes");
    }

    /** A varint that must fit 32 bits unsigned, returned as a non-negative int below 2^31. */
    int varint32() {
        long v = varint64();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw malformed("expected a 32-bit length, found " + Long.toUnsignedString(v));
        }
        return (int) v;
    }

    int fixed32(long at) {
        if (at < 0 || at + 4 > seg.byteSize()) {
            throw malformed("a 4-byte integer at byte " + at + " is outside the data");
        }
        return seg.get(U32, at);
    }

    long fixed64(long at) {
        if (at < 0 || at + 8 > seg.byteSize()) {
            throw malformed("an 8-byte integer at byte " + at + " is outside the data");
        }
        return seg.get(U64, at);
    }

    /** The next {@code n} bytes as a heap copy. */
    byte[] bytes(int n) {
        if (n < 0 || n > end - pos) {
            throw malformed("needs " + n + " bytes at byte " + pos + " but only " + (end - pos) + " remain");
        }
        byte[] out = seg.asSlice(pos, n).toArray(ValueLayout.JAVA_BYTE);
        pos += n;
        return out;
    }

    MalformedInputException malformed(String problem) {
        return new MalformedInputException(file, place, problem);
    }
}
