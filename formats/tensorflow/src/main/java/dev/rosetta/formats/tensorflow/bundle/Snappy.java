package dev.rosetta.formats.tensorflow.bundle;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.ResourceLimitException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/**
 * Raw Snappy decompression, for index blocks older TensorFlow versions wrote compressed (table
 * compression type 1). The format: the uncompressed length as a varint, then elements whose tag
 * byte's low two bits say literal (00) or copy with a 1-, 2- or 4-byte offset (01, 10, 11). Every
 * length and offset is checked against the input and the output.
 */
final class Snappy {
    /** Index blocks are a few kilobytes; refuse claims beyond this. */
    static final int MAX_UNCOMPRESSED = 1 << 28;

    private Snappy() {
    }

    static byte[] decompress(MemorySegment in, Path file, String place) {
        ByteCursor c = new ByteCursor(file, place, in, 0, in.byteSize());
        long length = c.varint64();
        if (length < 0 || length > MAX_UNCOMPRESSED) {
            throw new ResourceLimitException(file, place, "a Snappy block claims " + length + " uncompressed bytes");
        }
        byte[] out = new byte[(int) length];
        int o = 0;
        long p = c.position();
        long end = in.byteSize();
        while (p < end) {
            int tag = in.get(ValueLayout.JAVA_BYTE, p++) & 0xff;
            int kind = tag & 3;
            long len;
            long offset;
            if (kind == 0) {
                len = (tag >>> 2) + 1;
                if (len > 60) {
                    int extra = (int) len - 60;
                    if (p + extra > end) {
                        throw malformed(file, place, "a literal length runs past the block");
                    }
                    len = 0;
                    for (int i = 0; i < extra; i++) {
                        len |= (long) (in.get(ValueLayout.JAVA_BYTE, p++) & 0xff) << (8 * i);
                    }
                    len += 1;
                }
                if (len > end - p || len > out.length - o) {
                    throw malformed(file, place, "a literal of " + len + " bytes does not fit");
                }
                MemorySegment.copy(in, ValueLayout.JAVA_BYTE, p, out, o, (int) len);
                p += len;
                o += (int) len;
                continue;
            }
            if (kind == 1) {
                if (p + 1 > end) {
                    throw malformed(file, place, "a copy runs past the block");
                }
                len = ((tag >>> 2) & 7) + 4;
                offset = ((long) (tag >>> 5) << 8) | (in.get(ValueLayout.JAVA_BYTE, p++) & 0xff);
            } else {
                int bytes = kind == 2 ? 2 : 4;
                if (p + bytes > end) {
                    throw malformed(file, place, "a copy runs past the block");
                }
                len = (tag >>> 2) + 1;
                offset = 0;
                for (int i = 0; i < bytes; i++) {
                    offset |= (long) (in.get(ValueLayout.JAVA_BYTE, p++) & 0xff) << (8 * i);
                }
            }
            if (offset <= 0 || offset > o || len > out.length - o) {
                throw malformed(file, place, "a copy of " + len + " bytes from offset " + offset + " at output byte " + o);
            }
            for (int i = 0; i < len; i++) {
                out[o] = out[o - (int) offset];
                o++;
            }
        }
        if (o != out.length) {
            throw malformed(file, place, "Snappy data gave " + o + " bytes; the header says " + out.length);
        }
        return out;
    }

    private static MalformedInputException malformed(Path file, String place, String problem) {
        return new MalformedInputException(file, place, "invalid Snappy data: " + problem);
    }
}
