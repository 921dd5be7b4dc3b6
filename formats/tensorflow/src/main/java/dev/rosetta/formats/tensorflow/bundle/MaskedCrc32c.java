package dev.rosetta.formats.tensorflow.bundle;

import java.lang.foreign.MemorySegment;
import java.util.zip.CRC32C;

/**
 * CRC32C as TensorFlow and LevelDB store it: the plain checksum rotated right by 15 bits plus a
 * constant ({@code crc32c::Mask}), so that a checksum over data that holds checksums stays
 * well distributed.
 */
public final class MaskedCrc32c {
    private static final int MASK_DELTA = 0xa282ead8;
    private static final long CHUNK = 1L << 30;

    private MaskedCrc32c() {
    }

    /** The masked form of a plain CRC32C. */
    public static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
    }

    /** The plain CRC32C of a masked one. */
    public static int unmask(int masked) {
        int rot = masked - MASK_DELTA;
        return (rot >>> 17) | (rot << 15);
    }

    /** The plain CRC32C of {@code data}, of any size (read in chunks of 1 GiB). */
    public static int crc(MemorySegment data) {
        CRC32C c = new CRC32C();
        long size = data.byteSize();
        for (long off = 0; off < size; off += CHUNK) {
            long n = Math.min(CHUNK, size - off);
            c.update(data.asSlice(off, n).asByteBuffer());
        }
        return (int) c.getValue();
    }

    /** The masked CRC32C of {@code data}. */
    public static int masked(MemorySegment data) {
        return mask(crc(data));
    }
}
