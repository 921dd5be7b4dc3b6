package dev.rosetta.formats.onnx;

import dev.rosetta.formats.ProtoWire;

/**
 * Recognizes an ONNX model by its first bytes: they must parse as the start of a ModelProto,
 * every field a ModelProto field with the right wire type, with an {@code ir_version} of 1 to
 * {@value #MAX_IR_VERSION} (or the graph) among them. Zip, pickle, NumPy and HDF5 files fail on
 * their first byte.
 */
final class OnnxDetector {
    static final long MAX_IR_VERSION = 20;

    private OnnxDetector() {
    }

    static boolean looksLikeOnnx(byte[] head, long fileSize) {
        int[] pos = {0};
        boolean sawVersion = false;
        boolean sawGraph = false;
        int fields = 0;
        while (pos[0] < head.length) {
            long tag = ProtoWire.varint(head, pos);
            if (tag < 0) {
                break; // cut by the end of the head
            }
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            boolean varintField = field == 1 || field == 5;
            boolean bytesField = field == 2 || field == 3 || field == 4 || field == 6 || field == 7 || field == 8
                    || field == 14 || field == 20 || field == 25;
            if (varintField && wire == 0) {
                long v = ProtoWire.varint(head, pos);
                if (v < 0) {
                    break;
                }
                if (field == 1) {
                    if (v < 1 || v > MAX_IR_VERSION) {
                        return false;
                    }
                    sawVersion = true;
                }
            } else if (bytesField && wire == 2) {
                long len = ProtoWire.varint(head, pos);
                if (len < 0) {
                    break;
                }
                if (len > fileSize) {
                    return false;
                }
                if (field == 7) {
                    sawGraph = true;
                }
                if (pos[0] + len > head.length) {
                    break;
                }
                pos[0] += (int) len;
            } else {
                return false;
            }
            fields++;
        }
        return fields > 0 && (sawVersion || sawGraph);
    }

}
