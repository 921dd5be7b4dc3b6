package dev.rosetta.formats.zip;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.ResourceLimitException;
import dev.rosetta.error.UnsupportedFeatureException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The central directory of a zip file, read from a mapped segment, with zip64 support.
 *
 * <p>Only what an {@code .npz} or a Keras {@code .keras} archive needs: entry names, methods, sizes, CRCs and where each entry's
 * data starts (found from its local header). Every offset and length is checked against the file
 * before use; a problem is a {@link MalformedInputException} naming the byte
 * offset. Offsets are absolute: data prepended to the zip (a self-extracting stub) is not supported.
 */
public final class ZipDirectory {
    public static final int LOCAL_SIG = 0x04034b50;
    public static final int CENTRAL_SIG = 0x02014b50;
    public static final int END_SIG = 0x06054b50;
    public static final int ZIP64_END_SIG = 0x06064b50;
    public static final int ZIP64_LOCATOR_SIG = 0x07064b50;
    public static final int ZIP64_EXTRA_ID = 0x0001;
    public static final long U32 = 0xffffffffL;
    public static final int U16 = 0xffff;

    /** Bound on the number of entries, far above any real .npz. */
    public static final long MAX_ENTRIES = 1_000_000;

    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /**
     * One entry of the central directory.
     *
     * @param name the entry name (UTF-8)
     * @param flags the general-purpose flags
     * @param method 0 stored, 8 deflated, anything else unsupported
     * @param crc the declared CRC-32 of the uncompressed bytes
     * @param compressedSize bytes of data in the file
     * @param size bytes after decompression
     * @param dataOffset where the data starts (after the local header)
     */
    public record Entry(String name, int flags, int method, long crc, long compressedSize, long size, long dataOffset) {
        public boolean encrypted() {
            return (flags & 1) != 0;
        }
    }

    private final MemorySegment zip;
    private final Path file;

    private ZipDirectory(MemorySegment zip, Path file) {
        this.zip = zip;
        this.file = file;
    }

    /**
     * Reads the central directory and every local header.
     *
     * @throws MalformedInputException for a zip that is truncated or inconsistent
     * @throws UnsupportedFeatureException for a multi-disk archive
     */
    public static List<Entry> read(MemorySegment zip, Path file) {
        return new ZipDirectory(zip, file).entries();
    }

    private List<Entry> entries() {
        long end = findEnd();
        int disk = u16(end + 4);
        int cdDisk = u16(end + 6);
        long count = u16(end + 10);
        long cdSize = u32(end + 12);
        long cdOffset = u32(end + 16);
        if (end >= 20 && u32(end - 20) == (ZIP64_LOCATOR_SIG & U32)) {
            long z = u64(end - 20 + 8);
            if (z < 0 || z > end - 20 - 56) {
                throw malformed(end - 20 + 8, "expected the offset of the zip64 end record before byte "
                        + (end - 20) + ", found " + Long.toUnsignedString(z));
            }
            if (u32(z) != (ZIP64_END_SIG & U32)) {
                throw malformed(z, "expected the zip64 end-of-central-directory signature 50 4b 06 06");
            }
            disk = (int) u32(z + 16);
            cdDisk = (int) u32(z + 20);
            count = u64(z + 32);
            cdSize = u64(z + 40);
            cdOffset = u64(z + 48);
            end = z;
        }
        if (disk != 0 || cdDisk != 0) {
            throw new UnsupportedFeatureException(file + ": multi-disk (split) zip archives are not supported");
        }
        if (count < 0 || count > MAX_ENTRIES) {
            throw new ResourceLimitException(file, "end of central directory",
                    "entry count " + Long.toUnsignedString(count) + " exceeds the limit of " + MAX_ENTRIES);
        }
        if (cdOffset < 0 || cdSize < 0 || cdOffset > end || cdSize > end - cdOffset) {
            throw malformed(end, "central directory of " + Long.toUnsignedString(cdSize) + " bytes at byte "
                    + Long.toUnsignedString(cdOffset) + " does not lie before the end record at byte " + end);
        }
        if (count * 46 > cdSize) {
            throw malformed(end, count + " entries cannot fit a central directory of " + cdSize + " bytes");
        }
        List<Entry> out = new ArrayList<>((int) count);
        Set<String> names = new HashSet<>();
        long p = cdOffset;
        long cdEnd = cdOffset + cdSize;
        for (long i = 0; i < count; i++) {
            if (cdEnd - p < 46 || u32(p) != (CENTRAL_SIG & U32)) {
                throw malformed(p, "expected central directory entry " + (i + 1) + " of " + count
                        + " (signature 50 4b 01 02)");
            }
            int flags = u16(p + 8);
            int method = u16(p + 10);
            long crc = u32(p + 16);
            long csize = u32(p + 20);
            long usize = u32(p + 24);
            int nameLength = u16(p + 28);
            int extraLength = u16(p + 30);
            int commentLength = u16(p + 32);
            int diskStart = u16(p + 34);
            long local = u32(p + 42);
            long varEnd = p + 46 + nameLength + extraLength + commentLength;
            if (varEnd > cdEnd) {
                throw malformed(p, "central directory entry " + (i + 1) + " runs past the directory's end at byte " + cdEnd);
            }
            String name = text(p + 46, nameLength);
            long extra = p + 46 + nameLength;
            long extraEnd = extra + extraLength;
            long[] z64 = zip64Extra(extra, extraEnd, name);
            int k = 0;
            if (usize == U32) {
                usize = field(z64, k++, p, name, "uncompressed size");
            }
            if (csize == U32) {
                csize = field(z64, k++, p, name, "compressed size");
            }
            if (local == U32) {
                local = field(z64, k++, p, name, "local header offset");
            }
            if (diskStart == U16) {
                diskStart = (int) field(z64, k, p, name, "disk number");
            }
            if (diskStart != 0) {
                throw new UnsupportedFeatureException(file + ": entry '" + name
                        + "' starts on disk " + diskStart + "; multi-disk zip archives are not supported");
            }
            if (!names.add(name)) {
                throw malformed(p, "duplicate entry name '" + name + "'");
            }
            out.add(new Entry(name, flags, method, crc, csize, usize, dataOffset(name, local, method, csize, cdOffset)));
            p = varEnd;
        }
        return out;
    }

    /** Finds the end-of-central-directory record, scanning back over a comment of up to 64 KiB. */
    private long findEnd() {
        long size = zip.byteSize();
        if (size < 22) {
            throw malformed(0, "expected a zip file of at least 22 bytes (an end-of-central-directory record), found "
                    + size + " bytes");
        }
        long stop = Math.max(0, size - 22 - U16);
        for (long p = size - 22; p >= stop; p--) {
            if (u32(p) == (END_SIG & U32) && p + 22 + u16(p + 20) == size) {
                return p;
            }
        }
        throw malformed(size, "expected an end-of-central-directory record (signature 50 4b 05 06) in the last "
                + (size - stop) + " bytes; the zip is truncated or not a zip");
    }

    /** The values of the zip64 extended-information field, or an empty array when absent. */
    private long[] zip64Extra(long p, long end, String name) {
        while (end - p >= 4) {
            int id = u16(p);
            int len = u16(p + 2);
            if (len > end - p - 4) {
                throw malformed(p, "extra field of entry '" + name + "' runs past its end");
            }
            if (id == ZIP64_EXTRA_ID) {
                long[] v = new long[len / 8];
                for (int i = 0; i < v.length; i++) {
                    v[i] = u64(p + 4 + 8L * i);
                }
                return v;
            }
            p += 4 + len;
        }
        return new long[0];
    }

    private long field(long[] z64, int k, long at, String name, String what) {
        if (k >= z64.length) {
            throw malformed(at, "entry '" + name + "' marks its " + what + " as zip64 but its zip64 extra field "
                    + "does not hold it");
        }
        if (z64[k] < 0) {
            throw new ResourceLimitException(file, "entry '" + name + "'", what + " "
                    + Long.toUnsignedString(z64[k]) + " exceeds 2^63-1");
        }
        return z64[k];
    }

    private long dataOffset(String name, long local, int method, long csize, long cdOffset) {
        if (local > cdOffset - 30) {
            throw malformed(local, "local header of entry '" + name + "' at byte " + local
                    + " does not lie before the central directory at byte " + cdOffset);
        }
        if (u32(local) != (LOCAL_SIG & U32)) {
            throw malformed(local, "expected the local header of entry '" + name + "' (signature 50 4b 03 04)");
        }
        if (u16(local + 8) != method) {
            throw malformed(local + 8, "entry '" + name + "': local header says method " + u16(local + 8)
                    + " but the central directory says " + method);
        }
        long data = local + 30 + u16(local + 26) + u16(local + 28);
        if (data > cdOffset || csize > cdOffset - data) {
            throw malformed(local, "data of entry '" + name + "' (" + csize + " bytes from byte " + data
                    + ") runs into the central directory at byte " + cdOffset);
        }
        return data;
    }

    private String text(long p, int length) {
        return new String(zip.asSlice(p, length).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }

    private int u16(long p) {
        check(p, 2);
        return zip.get(SHORT, p) & 0xffff;
    }

    private long u32(long p) {
        check(p, 4);
        return zip.get(INT, p) & U32;
    }

    private long u64(long p) {
        check(p, 8);
        return zip.get(LONG, p);
    }

    private void check(long p, int n) {
        if (p < 0 || p > zip.byteSize() - n) {
            throw malformed(p, "expected " + n + " more bytes of zip structure, but the file has "
                    + zip.byteSize() + " bytes");
        }
    }

    private MalformedInputException malformed(long offset, String problem) {
        return new MalformedInputException(file, "zip byte " + offset, problem);
    }
}
