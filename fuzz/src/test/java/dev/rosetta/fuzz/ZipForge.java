package dev.rosetta.fuzz;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes zip files whose headers say whatever a test wants: sizes that lie, methods, CRCs, and
 * entry data that is a hole in a sparse file (so a 100 MB entry costs no disk and no time). Sizes
 * over 32 bits go to a zip64 extra field, in the central directory and the local header.
 */
final class ZipForge {
    /**
     * One entry.
     *
     * @param data the bytes stored as the entry's data, or {@code null} for {@code holeBytes} zeros
     * @param holeBytes length of the zero data when {@code data} is null
     * @param method 0 stored, 8 deflated
     * @param claimedSize the uncompressed size written in the headers
     * @param crc the CRC-32 written in the headers
     */
    record Entry(String name, byte[] data, long holeBytes, int method, long claimedSize, long crc) {
        static Entry stored(String name, byte[] data) {
            CRC32 c = new CRC32();
            c.update(data);
            return new Entry(name, data, 0, 0, data.length, c.getValue());
        }

        long compressedSize() {
            return data == null ? holeBytes : data.length;
        }
    }

    private ZipForge() {
    }

    /** Writes {@code entries} as a zip at {@code file}. */
    static void write(Path file, List<Entry> entries) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long pos = 0;
            List<Long> offsets = new ArrayList<>();
            for (Entry e : entries) {
                offsets.add(pos);
                byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
                boolean big = needs64(e);
                ByteBuffer h = le(30 + name.length + (big ? 20 : 0));
                h.putInt(0x04034b50).putShort((short) (big ? 45 : 20)).putShort((short) 0).putShort((short) e.method())
                        .putShort((short) 0).putShort((short) 0x21).putInt((int) e.crc())
                        .putInt(big ? -1 : (int) e.compressedSize()).putInt(big ? -1 : (int) e.claimedSize())
                        .putShort((short) name.length).putShort((short) (big ? 20 : 0)).put(name);
                if (big) {
                    h.putShort((short) 1).putShort((short) 16).putLong(e.claimedSize()).putLong(e.compressedSize());
                }
                pos += writeAt(ch, h.flip(), pos);
                if (e.data() != null) {
                    pos += writeAt(ch, ByteBuffer.wrap(e.data()), pos);
                } else {
                    pos += e.holeBytes(); // a hole: the central directory written after it makes the file this long
                }
            }
            long cdStart = pos;
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
                boolean big = needs64(e);
                ByteBuffer c = le(46 + name.length + (big ? 20 : 0));
                c.putInt(0x02014b50).putShort((short) 45).putShort((short) (big ? 45 : 20)).putShort((short) 0)
                        .putShort((short) e.method()).putShort((short) 0).putShort((short) 0x21).putInt((int) e.crc())
                        .putInt(big ? -1 : (int) e.compressedSize()).putInt(big ? -1 : (int) e.claimedSize())
                        .putShort((short) name.length).putShort((short) (big ? 20 : 0)).putShort((short) 0)
                        .putShort((short) 0).putShort((short) 0).putInt(0).putInt(Math.toIntExact(offsets.get(i)))
                        .put(name);
                if (big) {
                    c.putShort((short) 1).putShort((short) 16).putLong(e.claimedSize()).putLong(e.compressedSize());
                }
                pos += writeAt(ch, c.flip(), pos);
            }
            ByteBuffer end = le(22);
            end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) entries.size())
                    .putShort((short) entries.size()).putInt((int) (pos - cdStart)).putInt(Math.toIntExact(cdStart))
                    .putShort((short) 0);
            writeAt(ch, end.flip(), pos);
        }
    }

    private static boolean needs64(Entry e) {
        return e.claimedSize() >= 0xffffffffL || e.compressedSize() >= 0xffffffffL;
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static int writeAt(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        int n = b.remaining();
        long p = pos;
        while (b.hasRemaining()) {
            p += ch.write(b, p);
        }
        return n;
    }
}
