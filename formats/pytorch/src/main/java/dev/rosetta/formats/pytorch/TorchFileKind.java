package dev.rosetta.formats.pytorch;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * What a file is, judged by its first bytes: a zip (the current {@code torch.save} format and
 * TorchScript), a legacy {@code torch.save} pickle, PyTorch's early tar-based format, or something
 * else.
 */
enum TorchFileKind {
    ZIP, LEGACY, TAR, OTHER;

    /** The magic number pickled at protocol 2 or later: LONG1 of 10 bytes, little-endian. */
    private static final byte[] MAGIC_LONG1 = {(byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9,
            0x20, 0x6a, (byte) 0xa8, 0x50, 0x19};
    /** The magic number pickled at protocol 0 or 1. */
    private static final byte[] MAGIC_TEXT = "L119547037146038801333356L\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final String[] TAR_MEMBERS = {"sys_info", "pickle", "storages", "tensors"};

    static TorchFileKind of(byte[] head) {
        return of(MemorySegment.ofArray(head));
    }

    static TorchFileKind of(MemorySegment head) {
        long n = head.byteSize();
        if (n >= 4 && b(head, 0) == 'P' && b(head, 1) == 'K' && (b(head, 2) == 3 && b(head, 3) == 4 || b(head, 2) == 5 && b(head, 3) == 6)) {
            return ZIP;
        }
        if (isLegacy(head)) {
            return LEGACY;
        }
        if (n >= 512 && b(head, 257) == 'u' && b(head, 258) == 's' && b(head, 259) == 't' && b(head, 260) == 'a'
                && b(head, 261) == 'r') {
            for (String m : TAR_MEMBERS) {
                if (startsWith(head, 0, m.getBytes(java.nio.charset.StandardCharsets.US_ASCII)) && b(head, m.length()) == 0) {
                    return TAR;
                }
            }
        }
        return OTHER;
    }

    private static boolean isLegacy(MemorySegment head) {
        if (startsWith(head, 0, MAGIC_TEXT)) {
            return true;
        }
        if (head.byteSize() < 2 || b(head, 0) != 0x80) {
            return false;
        }
        long p = 2;
        if (head.byteSize() > p && b(head, p) == 0x95) { // FRAME (protocol 4+)
            p += 9;
        }
        return startsWith(head, p, MAGIC_LONG1);
    }

    private static boolean startsWith(MemorySegment s, long at, byte[] prefix) {
        if (s.byteSize() < at + prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (s.get(ValueLayout.JAVA_BYTE, at + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int b(MemorySegment s, long at) {
        return s.get(ValueLayout.JAVA_BYTE, at) & 0xff;
    }
}
