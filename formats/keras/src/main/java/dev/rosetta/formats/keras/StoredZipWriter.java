package dev.rosetta.formats.keras;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes a zip archive of stored (uncompressed) entries into a file channel, where a large entry is
 * written in place by its producer: no temporary file, no second copy. The entry's size must be
 * known before its bytes (it fixes the local header); its CRC-32 is computed afterwards from the
 * bytes written (read back from the page cache through a 1 MiB buffer) and patched into the local
 * header. ZIP64
 * records are written where a size, an offset or the directory needs them (APPNOTE 6.3, 4.3.9 and
 * 4.5.3), so archives over 4 GiB stay readable by Python's {@code zipfile} and {@code java.util.zip}.
 */
final class StoredZipWriter {
    /** Writes exactly the entry's announced size in bytes into {@code ch}, starting at byte {@code at}. */
    @FunctionalInterface
    interface Producer {
        void writeAt(FileChannel ch, long at) throws IOException;
    }

    private static final long MAX32 = 0xFFFFFFFFL;
    private static final int LOCAL_HEADER = 30;
    private static final int ZIP64_EXTRA = 20;
    private static final int READ_CHUNK = 1 << 20;

    private record Entry(byte[] name, long offset, long size, long crc, boolean zip64) {
    }

    private final FileChannel ch;
    private final long limit;
    private final List<Entry> entries = new ArrayList<>();
    private final int dosTime;
    private final int dosDate;
    private long position;

    /** An archive written from byte 0 of {@code ch} (opened for reading and writing, empty). */
    StoredZipWriter(FileChannel ch) {
        this(ch, MAX32);
    }

    /**
     * An archive whose sizes and offsets from {@code limit} on take ZIP64 records ({@code 2^32 - 1}
     * in a real archive; lower in tests, so small archives exercise the ZIP64 records).
     */
    StoredZipWriter(FileChannel ch, long limit) {
        this.ch = ch;
        this.limit = Math.min(limit, MAX32);
        LocalDateTime now = LocalDateTime.now();
        dosTime = now.getHour() << 11 | now.getMinute() << 5 | now.getSecond() / 2;
        dosDate = Math.max(0, now.getYear() - 1980) << 9 | now.getMonthValue() << 5 | now.getDayOfMonth();
    }

    /** Adds an entry holding {@code data}. */
    void add(String name, byte[] data) throws IOException {
        add(name, data.length, (c, at) -> write(ByteBuffer.wrap(data), at));
    }

    /** Adds an entry of {@code size} bytes that {@code producer} writes in place. */
    void add(String name, long size, Producer producer) throws IOException {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        boolean zip64 = size >= limit;
        long offset = position;
        long data = offset + LOCAL_HEADER + utf8.length + (zip64 ? ZIP64_EXTRA : 0);
        producer.writeAt(ch, data);
        long crc = crc(data, size);
        ByteBuffer h = little(LOCAL_HEADER + utf8.length + (zip64 ? ZIP64_EXTRA : 0));
        h.putInt(0x04034b50).putShort(version(zip64)).putShort((short) 0x0800).putShort((short) 0)
                .putShort((short) dosTime).putShort((short) dosDate).putInt((int) crc)
                .putInt(fit(size)).putInt(fit(size))
                .putShort((short) utf8.length).putShort((short) (zip64 ? ZIP64_EXTRA : 0)).put(utf8);
        if (zip64) {
            h.putShort((short) 1).putShort((short) 16).putLong(size).putLong(size);
        }
        write(h.flip(), offset);
        entries.add(new Entry(utf8, offset, size, crc, zip64 || offset >= limit));
        position = data + size;
    }

    /** Writes the central directory and the end records; the archive is complete after this. */
    void finish() throws IOException {
        long directory = position;
        for (Entry e : entries) {
            boolean bigSize = e.size >= limit;
            boolean bigOffset = e.offset >= limit;
            int extra = (bigSize || bigOffset) ? 4 + (bigSize ? 16 : 0) + (bigOffset ? 8 : 0) : 0;
            ByteBuffer c = little(46 + e.name.length + extra);
            c.putInt(0x02014b50).putShort(version(e.zip64)).putShort(version(e.zip64)).putShort((short) 0x0800)
                    .putShort((short) 0).putShort((short) dosTime).putShort((short) dosDate).putInt((int) e.crc)
                    .putInt(fit(e.size)).putInt(fit(e.size))
                    .putShort((short) e.name.length).putShort((short) extra).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putInt(0).putInt(fit(e.offset))
                    .put(e.name);
            if (extra > 0) {
                c.putShort((short) 1).putShort((short) (extra - 4));
                if (bigSize) {
                    c.putLong(e.size).putLong(e.size);
                }
                if (bigOffset) {
                    c.putLong(e.offset);
                }
            }
            position += write(c.flip(), position);
        }
        long size = position - directory;
        if (directory >= limit || size >= limit || entries.size() >= 0xFFFF) {
            long record = position;
            ByteBuffer z = little(56 + 20);
            z.putInt(0x06064b50).putLong(44).putShort(version(true)).putShort(version(true)).putInt(0).putInt(0)
                    .putLong(entries.size()).putLong(entries.size()).putLong(size).putLong(directory);
            z.putInt(0x07064b50).putInt(0).putLong(record).putInt(1);
            position += write(z.flip(), position);
        }
        ByteBuffer end = little(22);
        int count = Math.min(entries.size(), 0xFFFF);
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) count).putShort((short) count)
                .putInt(fit(size)).putInt(fit(directory)).putShort((short) 0);
        position += write(end.flip(), position);
    }

    /** A size or offset as its 32-bit field holds it: the value, or all ones where ZIP64 holds it. */
    private int fit(long value) {
        return (int) (value >= limit ? MAX32 : value);
    }

    private static short version(boolean zip64) {
        return (short) (zip64 ? 45 : 20);
    }

    private static ByteBuffer little(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private int write(ByteBuffer b, long at) throws IOException {
        int n = b.remaining();
        long p = at;
        while (b.hasRemaining()) {
            p += ch.write(b, p);
        }
        return n;
    }

    /** The CRC-32 of bytes {@code [from, from + size)} as written, read back through one small buffer. */
    private long crc(long from, long size) throws IOException {
        CRC32 crc = new CRC32();
        ByteBuffer buf = ByteBuffer.allocateDirect(READ_CHUNK);
        for (long off = 0; off < size; ) {
            buf.clear().limit((int) Math.min(READ_CHUNK, size - off));
            int n = ch.read(buf, from + off);
            if (n < 0) {
                throw new IOException("archive entry ends at " + (from + off) + ", " + size + " bytes were written");
            }
            crc.update(buf.flip());
            off += n;
        }
        return crc.getValue();
    }
}
