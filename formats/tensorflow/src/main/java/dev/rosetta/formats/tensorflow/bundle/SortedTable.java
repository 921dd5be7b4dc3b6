package dev.rosetta.formats.tensorflow.bundle;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.ResourceLimitException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a LevelDB-style sorted string table, the format of a bundle's {@code variables.index}.
 *
 * <p>Layout: data blocks, a meta-index block, an index block and a 48-byte footer (two block
 * handles as varints, padding, the magic number {@code 0xdb4775248b80fb57}). Each block ends with a
 * restart array ({@code uint32} offsets and their count) and is followed by a 5-byte trailer: the
 * compression type (0, none, as TensorFlow writes now; 1, Snappy, as older versions did) and the masked CRC32C of block and type, checked
 * here. Entries are prefix-compressed against the previous key: {@code shared}, {@code
 * non_shared} and {@code value_length} varints, then the key's new bytes and the value. The index
 * block maps the last key of each data block to its handle ({@code offset}, {@code size} varints).
 */
final class SortedTable {
    static final long MAGIC = 0xdb4775248b80fb57L;
    static final int FOOTER_SIZE = 48;
    private static final int TRAILER_SIZE = 5;
    /** Entries beyond this many are refused (a bundle holds one per variable and slice). */
    private static final int MAX_ENTRIES = 10_000_000;

    /** One key and its value, both copied to the heap. */
    record Entry(byte[] key, byte[] value) {
        String keyString() {
            return new String(key, StandardCharsets.UTF_8);
        }
    }

    private final Path file;
    private final MemorySegment seg;

    private SortedTable(Path file, MemorySegment seg) {
        this.file = file;
        this.seg = seg;
    }

    /**
     * Every entry of the table in key order.
     *
     * @throws MalformedInputException naming the file and the block when anything is inconsistent
     */
    static List<Entry> readAll(Path file, MemorySegment seg) {
        return new SortedTable(file, seg).entries();
    }

    private List<Entry> entries() {
        long size = seg.byteSize();
        if (size < FOOTER_SIZE) {
            throw new MalformedInputException(file, "footer", "expected a sorted string table of at least "
                    + FOOTER_SIZE + " bytes, found " + size + " bytes");
        }
        long footer = size - FOOTER_SIZE;
        ByteCursor fc = new ByteCursor(file, "footer", seg, footer, footer + 40);
        long magic = fc.fixed64(size - 8);
        if (magic != MAGIC) {
            throw new MalformedInputException(file, "footer", "expected the table magic number 0x"
                    + Long.toHexString(MAGIC) + ", found 0x" + Long.toHexString(magic)
                    + " (not a TensorFlow variables.index file)");
        }
        fc.varint64(); // meta-index offset
        fc.varint64(); // meta-index size
        long indexOffset = fc.varint64();
        long indexSize = fc.varint64();
        MemorySegment index = block(indexOffset, indexSize, "index block");
        List<Entry> handles = blockEntries(index, "index block");
        List<Entry> out = new ArrayList<>();
        byte[] previous = null;
        for (int b = 0; b < handles.size(); b++) {
            Entry h = handles.get(b);
            String where = "data block " + b;
            MemorySegment hv = MemorySegment.ofArray(h.value());
            ByteCursor hc = new ByteCursor(file, "index block entry " + b, hv, 0, hv.byteSize());
            long off = hc.varint64();
            long len = hc.varint64();
            for (Entry e : blockEntries(block(off, len, where), where)) {
                if (previous != null && Arrays.compareUnsigned(previous, e.key()) >= 0) {
                    throw new MalformedInputException(file, where, "keys are not in ascending order at '"
                            + e.keyString() + "'");
                }
                previous = e.key();
                out.add(e);
                if (out.size() > MAX_ENTRIES) {
                    throw new ResourceLimitException(file, where, "more than " + MAX_ENTRIES + " entries");
                }
            }
        }
        return out;
    }

    /** The contents of the block at a handle, after checking its trailer. */
    private MemorySegment block(long offset, long length, String what) {
        long size = seg.byteSize() - FOOTER_SIZE;
        if (offset < 0 || length < 0 || offset > size || length > size - offset - TRAILER_SIZE) {
            throw new MalformedInputException(file, what, "block handle (offset " + offset + ", size " + length
                    + ") points outside the " + seg.byteSize() + "-byte file");
        }
        byte type = seg.get(ValueLayout.JAVA_BYTE, offset + length);
        if (type != 0 && type != 1) {
            throw new dev.rosetta.error.UnsupportedFeatureException(file + ": " + what + ": compression type "
                    + type + " (supported: 0, none, and 1, Snappy)");
        }
        int stored = new ByteCursor(file, what, seg, 0, seg.byteSize()).fixed32(offset + length + 1);
        int actual = MaskedCrc32c.masked(seg.asSlice(offset, length + 1));
        if (stored != actual) {
            throw new MalformedInputException(file, what, String.format(
                    "checksum mismatch: expected masked crc32c 0x%08x, found 0x%08x (the file is corrupted)",
                    stored, actual));
        }
        MemorySegment contents = seg.asSlice(offset, length);
        return type == 0 ? contents : MemorySegment.ofArray(Snappy.decompress(contents, file, what));
    }

    /** Decodes the prefix-compressed entries of one block. */
    private List<Entry> blockEntries(MemorySegment block, String what) {
        long size = block.byteSize();
        if (size < 4) {
            throw new MalformedInputException(file, what, "a block of " + size + " bytes has no restart count");
        }
        ByteCursor c0 = new ByteCursor(file, what, block, 0, size);
        long restarts = Integer.toUnsignedLong(c0.fixed32(size - 4));
        if (restarts > (size - 4) / 4) {
            throw new MalformedInputException(file, what, "claims " + restarts + " restart points in "
                    + size + " bytes");
        }
        long limit = size - 4 - 4 * restarts;
        ByteCursor c = new ByteCursor(file, what, block, 0, limit);
        List<Entry> out = new ArrayList<>();
        byte[] key = new byte[0];
        while (c.remaining() > 0) {
            int shared = c.varint32();
            int nonShared = c.varint32();
            int valueLength = c.varint32();
            if (shared > key.length) {
                throw c.malformed("an entry shares " + shared + " key bytes with a previous key of "
                        + key.length + " bytes");
            }
            byte[] suffix = c.bytes(nonShared);
            byte[] next = Arrays.copyOf(key, shared + suffix.length);
            System.arraycopy(suffix, 0, next, shared, suffix.length);
            key = next;
            out.add(new Entry(key, c.bytes(valueLength)));
        }
        return out;
    }
}
