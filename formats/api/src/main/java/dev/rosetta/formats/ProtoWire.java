package dev.rosetta.formats;

/**
 * The protobuf wire format's base-128 varints, for format detection that peeks at a file's first
 * bytes before any parser runs (ONNX models and TensorFlow graphs are protobuf messages).
 */
public final class ProtoWire {
    private ProtoWire() {
    }

    /**
     * Reads a varint at {@code pos[0]} and advances it.
     *
     * @return the value, or -1 when the bytes end first or the varint is longer than 10 bytes
     */
    public static long varint(byte[] bytes, int[] pos) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= bytes.length) {
                return -1;
            }
            byte x = bytes[pos[0]++];
            v |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
        return -1;
    }
}
