package dev.rosetta.formats;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Checks the lengths in a protobuf message before protobuf-java parses it from a direct (mapped)
 * buffer. The decoder protobuf-java uses for direct buffers ({@code UnsafeDirectNioDecoder},
 * 4.29 to 4.32) adds a sub-message's declared length to the bytes read so far without checking
 * for overflow, as its heap decoder does: a field declaring close to 2^31 bytes moves the limit
 * past the end of the buffer, and the parser reads unmapped memory, which ends the JVM (SIGSEGV)
 * instead of failing the parse. A crafted ONNX model or frozen graph found by fuzzing did that.
 *
 * <p>The walk follows the schema: every length-delimited field (a sub-message, a map entry, a
 * packed repeated field, bytes, a string, an unknown field) must fit in what is left of the
 * message holding it, and sub-messages are walked in turn, to the parser's own nesting limit.
 * Tags, varints and lengths are read through bounds-checked segment access; field contents
 * (a model's weights) are skipped, not touched, so the walk costs one pass over the structure.
 */
public final class ProtoLengths {
    /** protobuf-java's default nesting limit, which the parsers keep. */
    public static final int MAX_DEPTH = 100;

    private ProtoLengths() {
    }

    /**
     * The first place where the message in {@code bytes} declares a length it does not have, or
     * another wire-format fault, in words; {@code null} when every length fits.
     *
     * @param type the schema of the top-level message
     */
    public static String firstFault(MemorySegment bytes, Descriptor type) {
        return walk(new Cursor(bytes), bytes.byteSize(), type, 0);
    }

    private static final class Cursor {
        final MemorySegment bytes;
        long pos;
        /** False once a varint ran past its message or past ten bytes. */
        boolean ok = true;

        Cursor(MemorySegment bytes) {
            this.bytes = bytes;
        }

        /** A varint that ends before {@code end} (negative int64s take ten bytes); sets {@link #ok}. */
        long varint(long end) {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) {
                    ok = false;
                    return 0;
                }
                byte b = bytes.get(ValueLayout.JAVA_BYTE, pos++);
                v |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            ok = false;
            return 0;
        }
    }

    private static String walk(Cursor c, long end, Descriptor type, int depth) {
        if (depth > MAX_DEPTH) {
            return "messages nested deeper than " + MAX_DEPTH + " at byte " + c.pos;
        }
        while (c.pos < end) {
            long at = c.pos;
            long tag = c.varint(end);
            if (!c.ok || tag <= 0 || tag >>> 3 > Integer.MAX_VALUE) {
                return "a broken field tag at byte " + at + " of " + type.getName();
            }
            int number = (int) (tag >>> 3);
            switch ((int) (tag & 7)) {
                case 0 -> {
                    c.varint(end);
                    if (!c.ok) {
                        return "a broken varint at byte " + at + " (field " + number + " of " + type.getName() + ")";
                    }
                }
                case 1 -> c.pos += 8;
                case 5 -> c.pos += 4;
                case 2 -> {
                    long length = c.varint(end);
                    if (!c.ok || length < 0 || length > end - c.pos) {
                        return "field " + number + " of " + type.getName() + " at byte " + at + " declares "
                                + (!c.ok || length < 0 ? "a broken length" : length + " bytes") + " where "
                                + (end - c.pos) + " are left";
                    }
                    FieldDescriptor f = type.findFieldByNumber(number);
                    long fieldEnd = c.pos + length;
                    if (f != null && f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                        String fault = walk(c, fieldEnd, f.getMessageType(), depth + 1);
                        if (fault != null) {
                            return fault;
                        }
                    }
                    c.pos = fieldEnd;
                }
                default -> {
                    return "wire type " + (tag & 7) + " (groups are not used by this format) at byte " + at
                            + " of " + type.getName();
                }
            }
            if (c.pos > end) {
                return "field " + number + " of " + type.getName() + " at byte " + at + " runs past its message";
            }
        }
        return null;
    }
}
