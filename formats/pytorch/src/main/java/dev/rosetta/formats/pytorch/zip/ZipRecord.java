package dev.rosetta.formats.pytorch.zip;

/**
 * One entry of a zip archive as its central directory describes it, with the offset where its
 * data starts (read from its local header).
 *
 * @param name the entry name
 * @param method 0 for stored, 8 for deflated
 * @param flags the general-purpose flags
 * @param crc32 the CRC-32 of the uncompressed data
 * @param compressedSize bytes of data in the file
 * @param size bytes of data once uncompressed
 * @param localHeaderOffset where the local header starts
 * @param dataOffset where the entry's data starts
 */
public record ZipRecord(String name, int method, int flags, long crc32, long compressedSize, long size,
                        long localHeaderOffset, long dataOffset) {
    /** Compression method "stored" (no compression). */
    public static final int STORED = 0;
    /** Compression method "deflated". */
    public static final int DEFLATED = 8;

    public boolean isStored() {
        return method == STORED;
    }
}
