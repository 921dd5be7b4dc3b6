package dev.rosetta.formats.pytorch.zip;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.ResourceLimitException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.MappedFile;
import dev.rosetta.ir.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A zip archive read from a {@link MappedFile}: the central directory (zip64 included), parsed here
 * rather than by {@code java.util.zip} so that stored entries are handed out as slices of the
 * mapping, with no copy, and entries over 2 GiB work.
 *
 * <p>Every offset and size is checked against the file before use: a zip whose end was cut off
 * (no end-of-central-directory record, a directory or an entry that runs past the end) is reported
 * as truncated with a {@link MalformedInputException} naming the file and the entry. Deflated
 * entries are inflated into memory (a copy) with their declared size bounded by DEFLATE's
 * maximum ratio; encrypted entries and other compression methods are unsupported. Stored entries
 * are not CRC-checked (that would read every byte of every tensor); deflated ones are.
 */
public final class ZipArchive {
    private static final int EOCD_SIG = 0x06054b50;
    private static final int EOCD64_SIG = 0x06064b50;
    private static final int EOCD64_LOCATOR_SIG = 0x07064b50;
    private static final int CENTRAL_SIG = 0x02014b50;
    private static final int LOCAL_SIG = 0x04034b50;
    private static final long U32_MAX = 0xffffffffL;
    private static final int MAX_DEFLATE_RATIO = 1100;
    /** What an inflated entry first gets; it grows as the stream really delivers bytes. */
    private static final long FIRST_INFLATE_BYTES = 1 << 20;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path path;
    private final MemorySegment file;
    private final Map<String, ZipRecord> records;
    private final boolean zip64;

    private ZipArchive(Path path, MemorySegment file, Map<String, ZipRecord> records, boolean zip64) {
        this.path = path;
        this.file = file;
        this.records = records;
        this.zip64 = zip64;
    }

    /**
     * Reads the central directory of a mapped zip file.
     *
     * @throws MalformedInputException when the file is not a zip or is truncated
     * @throws ResourceLimitException when the directory claims more entries than it can hold
     */
    public static ZipArchive read(MappedFile mapped) {
        return read(mapped.path(), mapped.segment());
    }

    /** Reads the central directory of a zip held in {@code file} ({@code path} names it in messages). */
    public static ZipArchive read(Path path, MemorySegment file) {
        long size = file.byteSize();
        long eocd = findEocd(file);
        if (eocd < 0) {
            throw new MalformedInputException(path, "end of central directory",
                    "truncated or not a zip: no end-of-central-directory record in the last "
                            + Math.min(size, 22 + 0xffff) + " of " + size + " bytes");
        }
        long entries = u16(file, eocd + 10);
        long cdSize = u32(file, eocd + 12);
        long cdOffset = u32(file, eocd + 16);
        boolean zip64 = false;
        if (eocd >= 20 && file.get(U32, eocd - 20) == EOCD64_LOCATOR_SIG) {
            long e64 = file.get(U64, eocd - 20 + 8);
            if (e64 < 0 || e64 > size - 56 || file.get(U32, e64) != EOCD64_SIG) {
                throw new MalformedInputException(path, "zip64 end of central directory",
                        "the zip64 locator points at byte " + e64 + ", where no zip64 record is (truncated or corrupt zip)");
            }
            zip64 = true;
            entries = file.get(U64, e64 + 32);
            cdSize = file.get(U64, e64 + 40);
            cdOffset = file.get(U64, e64 + 48);
        }
        if (cdOffset < 0 || cdSize < 0 || cdOffset > eocd || cdSize > eocd - cdOffset) {
            throw new MalformedInputException(path, "central directory",
                    "truncated zip: the directory claims bytes " + cdOffset + ".." + (cdOffset + cdSize)
                            + " but the file has " + size + " bytes (the directory ends by byte " + eocd + ")");
        }
        if (entries < 0 || entries > cdSize / 46) {
            throw new ResourceLimitException(path, "central directory", "claims " + entries
                    + " entries, more than its " + cdSize + " bytes can hold");
        }
        Map<String, ZipRecord> records = new LinkedHashMap<>();
        long p = cdOffset;
        long cdEnd = cdOffset + cdSize;
        for (long i = 0; i < entries; i++) {
            if (p + 46 > cdEnd || file.get(U32, p) != CENTRAL_SIG) {
                throw new MalformedInputException(path, "central directory entry " + i + " at byte " + p,
                        "expected a central directory header (truncated or corrupt zip)");
            }
            int flags = u16(file, p + 8);
            int method = u16(file, p + 10);
            long crc = u32(file, p + 16);
            long comp = u32(file, p + 20);
            long uncomp = u32(file, p + 24);
            int nameLen = u16(file, p + 28);
            int extraLen = u16(file, p + 30);
            int commentLen = u16(file, p + 32);
            long local = u32(file, p + 42);
            if (p + 46 + nameLen + extraLen + commentLen > cdEnd) {
                throw new MalformedInputException(path, "central directory entry " + i,
                        "runs past the end of the directory (truncated or corrupt zip)");
            }
            byte[] nameBytes = file.asSlice(p + 46, nameLen).toArray(ValueLayout.JAVA_BYTE);
            String name = new String(nameBytes, StandardCharsets.UTF_8);
            // zip64 extra field: the 64-bit values of the fields saturated at 0xFFFFFFFF, in order.
            long q = p + 46 + nameLen;
            long extraEnd = q + extraLen;
            while (q + 4 <= extraEnd) {
                int id = u16(file, q);
                int len = u16(file, q + 2);
                if (q + 4 + len > extraEnd) {
                    break;
                }
                if (id == 0x0001) {
                    long f = q + 4;
                    long fEnd = f + len;
                    if (uncomp == U32_MAX && f + 8 <= fEnd) {
                        uncomp = file.get(U64, f);
                        f += 8;
                    }
                    if (comp == U32_MAX && f + 8 <= fEnd) {
                        comp = file.get(U64, f);
                        f += 8;
                    }
                    if (local == U32_MAX && f + 8 <= fEnd) {
                        local = file.get(U64, f);
                    }
                    zip64 = true;
                }
                q += 4 + len;
            }
            String where = "entry '" + name + "'";
            if (comp < 0 || uncomp < 0 || local < 0 || local > size - 30) {
                throw new MalformedInputException(path, where, "its local header at byte " + local
                        + " is outside the file of " + size + " bytes (truncated or corrupt zip)");
            }
            if (file.get(U32, local) != LOCAL_SIG) {
                throw new MalformedInputException(path, where, "no local header at byte " + local + " (corrupt zip)");
            }
            long data = local + 30 + u16(file, local + 26) + u16(file, local + 28);
            if (data > size || comp > size - data) {
                throw new MalformedInputException(path, where, "truncated zip: its data needs bytes " + data + ".."
                        + (data + comp) + " but the file has " + size + " bytes");
            }
            records.putIfAbsent(name, new ZipRecord(name, method, flags, crc, comp, uncomp, local, data));
            p += 46 + nameLen + extraLen + commentLen;
        }
        return new ZipArchive(path, file, Collections.unmodifiableMap(records), zip64);
    }

    private static long findEocd(MemorySegment file) {
        long size = file.byteSize();
        long stop = Math.max(0, size - 22 - 0xffff);
        for (long p = size - 22; p >= stop; p--) {
            if (file.get(U32, p) == EOCD_SIG && p + 22 + u16(file, p + 20) <= size) {
                return p;
            }
        }
        return -1;
    }

    private static int u16(MemorySegment s, long at) {
        return Short.toUnsignedInt(s.get(U16, at));
    }

    private static long u32(MemorySegment s, long at) {
        return Integer.toUnsignedLong(s.get(U32, at));
    }

    /** The file this archive was read from. */
    public Path path() {
        return path;
    }

    /** True when the archive uses zip64 records. */
    public boolean isZip64() {
        return zip64;
    }

    /** Every entry, in central-directory order (the first of duplicate names wins). */
    public List<ZipRecord> records() {
        return new ArrayList<>(records.values());
    }

    /** The entry with exactly this name. */
    public Optional<ZipRecord> find(String name) {
        return Optional.ofNullable(records.get(name));
    }

    /**
     * The uncompressed bytes of an entry: a slice of the mapping for stored entries (no copy), an
     * inflated copy for deflated ones.
     *
     * @throws UnsupportedFeatureException for encrypted entries or other compression methods
     * @throws MalformedInputException when deflated data is corrupt or disagrees with its sizes
     */
    public MemorySegment data(ZipRecord r) {
        String where = "entry '" + r.name() + "'";
        if ((r.flags() & 1) != 0) {
            throw new UnsupportedFeatureException(path + ": " + where + " is encrypted; encrypted zips are not supported");
        }
        if (r.method() == ZipRecord.STORED) {
            if (r.size() != r.compressedSize()) {
                throw new MalformedInputException(path, where, "stored entry has compressed size "
                        + r.compressedSize() + " but size " + r.size());
            }
            return file.asSlice(r.dataOffset(), r.size());
        }
        if (r.method() != ZipRecord.DEFLATED) {
            throw new UnsupportedFeatureException(path + ": " + where + " uses zip compression method " + r.method()
                    + "; only stored (0) and deflated (8) are supported");
        }
        return inflate(r, where);
    }

    private MemorySegment inflate(ZipRecord r, String where) {
        if (r.size() > r.compressedSize() * MAX_DEFLATE_RATIO + 1024) {
            throw new ResourceLimitException(path, where, "claims " + r.size() + " bytes from " + r.compressedSize()
                    + " compressed bytes, beyond what DEFLATE can produce");
        }
        // The output grows (doubling, up to the declared size) as the stream really delivers bytes:
        // a claim that DEFLATE could honour but the stream does not costs no memory.
        MemorySegment out = Tensor.allocate(Math.min(r.size(), FIRST_INFLATE_BYTES));
        MemorySegment in = file.asSlice(r.dataOffset(), r.compressedSize());
        Inflater inflater = new Inflater(true);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        try {
            long inPos = 0;
            long outPos = 0;
            final int chunk = 1 << 26;
            while (!inflater.finished()) {
                if (inflater.needsInput()) {
                    if (inPos >= in.byteSize()) {
                        throw new MalformedInputException(path, where, "deflated data ends early (truncated or corrupt)");
                    }
                    long n = Math.min(chunk, in.byteSize() - inPos);
                    inflater.setInput(in.asSlice(inPos, n).asByteBuffer());
                    inPos += n;
                }
                if (outPos == out.byteSize() && outPos < r.size()) {
                    MemorySegment bigger = Tensor.allocate(Math.min(r.size(), 2 * out.byteSize()));
                    MemorySegment.copy(out, 0, bigger, 0, outPos);
                    out = bigger;
                }
                if (outPos >= out.byteSize()) {
                    // Room for nothing more: any further output means the entry is larger than declared.
                    ByteBuffer probe = ByteBuffer.allocate(1);
                    if (inflater.inflate(probe) > 0) {
                        throw new MalformedInputException(path, where, "inflates to more than its declared " + r.size() + " bytes");
                    }
                    if (inflater.needsDictionary()) {
                        throw new MalformedInputException(path, where, "deflated data needs a preset dictionary");
                    }
                    continue;
                }
                ByteBuffer dst = out.asSlice(outPos, Math.min(chunk, out.byteSize() - outPos)).asByteBuffer();
                int n = inflater.inflate(dst);
                if (n > 0) {
                    crc.update(out.asSlice(outPos, n).asByteBuffer());
                }
                outPos += n;
                if (n == 0 && inflater.needsDictionary()) {
                    throw new MalformedInputException(path, where, "deflated data needs a preset dictionary");
                }
            }
            if (outPos != r.size()) {
                throw new MalformedInputException(path, where, "inflates to " + outPos + " bytes, not its declared " + r.size());
            }
            if (crc.getValue() != r.crc32()) {
                throw new MalformedInputException(path, where, "CRC-32 mismatch: expected "
                        + Long.toHexString(r.crc32()) + ", computed " + Long.toHexString(crc.getValue()));
            }
            return out;
        } catch (DataFormatException e) {
            throw new MalformedInputException(path, where, "corrupt deflated data: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }
}
