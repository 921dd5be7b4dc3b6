package dev.rosetta.formats.zip;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes a zip archive of stored (uncompressed) entries into a file channel, each entry's bytes
 * going straight into the archive: no temporary file, no second copy. An entry's size must be
 * known before its bytes (it fixes the local header). Its CRC-32 is computed as the bytes are
 * appended ({@link #addStreamed}) or, for an entry its producer writes at positions of its own
 * choosing ({@link #add(String, long, Producer)}), afterwards from the bytes written (read back
 * from the page cache through a 1 MiB buffer); either way it is patched into the local header.
 * ZIP64 records are written where a size, an offset or the directory needs them (APPNOTE 4.3.9,
 * 4.3.14, 4.5.3), so archives past 4 GiB stay readable by Python's {@code zipfile} and
 * {@code java.util.zip}. Timestamps are fixed at 1980-01-01, so the same entries make the same
 * bytes; names that are not ASCII are flagged UTF-8.
 *
 * <p>Not thread-safe. The channel must be open for reading and writing and start empty.
 */
public final class StoredZipWriter {
    /** Writes exactly the entry's announced size in bytes into {@code ch}, starting at byte {@code at}. */
    @FunctionalInterface
    public interface Producer {
        void writeAt(FileChannel ch, long at) throws IOException;
    }

    /** Appends the entry's bytes, in order, to {@code sink}. */
    @FunctionalInterface
    public interface Streamer {
        void writeTo(Sink sink) throws IOException;
    }

    /** Takes the next bytes of an entry (all that remain in the buffer). */
    @FunctionalInterface
    public interface Sink {
        void accept(ByteBuffer bytes) throws IOException;
    }

    /** The 32-bit size and offset fields' all-ones value, which defers them to ZIP64 records. */
    public static final long MAX32 = 0xFFFFFFFFL;
    /** The most bytes an entry name may have. */
    public static final int MAX_NAME = 0xFFFF;
    private static final int LOCAL_HEADER = 30;
    private static final int ZIP64_EXTRA = 20;
    private static final int READ_CHUNK = 1 << 20;
    private static final int DOS_DATE_1980 = 1 << 5 | 1;
    private static final int FLAG_UTF8 = 1 << 11;
    /** The extra-field id PyTorch pads local headers with ("FB"). */
    private static final short PAD_ID = 0x4246;

    private record Entry(byte[] name, int flags, long offset, long size, long crc) {
    }

    private final FileChannel ch;
    private final long limit;
    private final int alignment;
    private final List<Entry> entries = new ArrayList<>();
    private long position;

    /** An archive written from byte 0 of {@code ch}. */
    public StoredZipWriter(FileChannel ch) {
        this(ch, MAX32);
    }

    /**
     * An archive whose sizes and offsets from {@code limit} on go to ZIP64 records ({@link #MAX32}
     * in a real archive; 0 or a small number in tests, so small archives exercise the ZIP64 paths).
     */
    public StoredZipWriter(FileChannel ch, long limit) {
        this(ch, limit, 1);
    }

    /**
     * An archive as {@link #StoredZipWriter(FileChannel, long)} whose entries' data start at
     * multiples of {@code alignment} bytes, the local headers padded with an extra field as
     * PyTorch pads them (id {@code 0x4246}, "FB"), so a reader can map aligned tensors in place.
     */
    public StoredZipWriter(FileChannel ch, long limit, int alignment) {
        if (alignment < 1) {
            throw new IllegalArgumentException("alignment must be positive, got " + alignment);
        }
        this.ch = ch;
        this.limit = Math.min(limit, MAX32);
        this.alignment = alignment;
    }

    /** Adds an entry holding {@code data}. */
    public void add(String name, byte[] data) throws IOException {
        addStreamed(name, data.length, sink -> sink.accept(ByteBuffer.wrap(data)));
    }

    /** Adds an entry of {@code size} bytes that {@code producer} writes in place; its CRC is read back. */
    public void add(String name, long size, Producer producer) throws IOException {
        long data = localHeaderEnd(name, size);
        producer.writeAt(ch, data);
        finishEntry(name, data, size, crcOfWritten(data, size));
    }

    /** Adds an entry of {@code size} bytes that {@code streamer} appends in order; its CRC is computed on the way. */
    public void addStreamed(String name, long size, Streamer streamer) throws IOException {
        long data = localHeaderEnd(name, size);
        CRC32 crc = new CRC32();
        long[] at = {data};
        streamer.writeTo(bytes -> {
            crc.update(bytes.duplicate());
            at[0] += write(bytes, at[0]);
        });
        if (at[0] - data != size) {
            throw new IllegalStateException("entry '" + name + "' wrote " + (at[0] - data) + " bytes, announced " + size);
        }
        finishEntry(name, data, size, crc.getValue());
    }

    /** Writes the central directory and the end records; the archive is complete after this. */
    public void finish() throws IOException {
        long directory = position;
        for (Entry e : entries) {
            boolean bigSize = e.size >= limit;
            boolean bigOffset = e.offset >= limit;
            int extra = (bigSize ? 16 : 0) + (bigOffset ? 8 : 0);
            int extraLength = extra == 0 ? 0 : 4 + extra;
            ByteBuffer c = little(46 + e.name.length + extraLength);
            c.putInt(0x02014b50).putShort(version(extra > 0)).putShort(version(extra > 0)).putShort((short) e.flags)
                    .putShort((short) 0).putShort((short) 0).putShort((short) DOS_DATE_1980).putInt((int) e.crc)
                    .putInt(fit(e.size)).putInt(fit(e.size))
                    .putShort((short) e.name.length).putShort((short) extraLength).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putInt(0).putInt(fit(e.offset)).put(e.name);
            if (extra > 0) {
                c.putShort((short) 1).putShort((short) extra);
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
        long count = entries.size();
        boolean zip64 = directory >= limit || size >= limit || count >= 0xFFFF;
        if (zip64) {
            long record = position;
            ByteBuffer z = little(56 + 20);
            z.putInt(0x06064b50).putLong(44).putShort(version(true)).putShort(version(true)).putInt(0).putInt(0)
                    .putLong(count).putLong(count).putLong(size).putLong(directory);
            z.putInt(0x07064b50).putInt(0).putLong(record).putInt(1);
            position += write(z.flip(), position);
        }
        ByteBuffer end = little(22);
        short shortCount = (short) Math.min(count, 0xFFFF);
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort(shortCount).putShort(shortCount)
                .putInt(zip64 ? (int) MAX32 : (int) size).putInt(zip64 ? (int) MAX32 : (int) directory)
                .putShort((short) 0);
        position += write(end.flip(), position);
    }

    /** Writes the entry's local header (CRC still zero) and answers where its data starts. */
    private long localHeaderEnd(String name, long size) throws IOException {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > MAX_NAME) {
            throw new IllegalArgumentException("a zip entry name is at most " + MAX_NAME + " bytes, got " + utf8.length);
        }
        boolean zip64 = size >= limit;
        int zip64Extra = zip64 ? ZIP64_EXTRA : 0;
        int pad = padding(position + LOCAL_HEADER + utf8.length + zip64Extra);
        ByteBuffer h = little(LOCAL_HEADER + utf8.length + zip64Extra + pad);
        h.putInt(0x04034b50).putShort(version(zip64)).putShort((short) flags(name)).putShort((short) 0)
                .putShort((short) 0).putShort((short) DOS_DATE_1980).putInt(0).putInt(fit(size)).putInt(fit(size))
                .putShort((short) utf8.length).putShort((short) (zip64Extra + pad)).put(utf8);
        if (zip64) {
            h.putShort((short) 1).putShort((short) 16).putLong(size).putLong(size);
        }
        if (pad > 0) {
            h.putShort(PAD_ID).putShort((short) (pad - 4));
            while (h.hasRemaining()) {
                h.put((byte) 'Z');
            }
        }
        return position + write(h.flip(), position);
    }

    private void finishEntry(String name, long data, long size, long crc) throws IOException {
        long offset = position;
        write(little(4).putInt((int) crc).flip(), offset + 14);
        entries.add(new Entry(name.getBytes(StandardCharsets.UTF_8), flags(name), offset, size, crc));
        position = data + size;
    }

    /** Bytes of padding extra field that move data starting at {@code unpadded} to the alignment: 0 or at least 4. */
    private int padding(long unpadded) {
        int pad = (int) ((alignment - unpadded % alignment) % alignment);
        while (pad > 0 && pad < 4) {
            pad += alignment;
        }
        return pad;
    }

    /** A size or offset as its 32-bit field holds it: the value, or all ones where ZIP64 holds it. */
    private int fit(long value) {
        return (int) (value >= limit ? MAX32 : value);
    }

    private static int flags(String name) {
        return name.chars().allMatch(c -> c < 0x80) ? 0 : FLAG_UTF8;
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

    /** The CRC-32 of bytes {@code [from, from + size)} as written. */
    private long crcOfWritten(long from, long size) throws IOException {
        CRC32 crc = new CRC32();
        ByteBuffer buf = ByteBuffer.allocateDirect(READ_CHUNK);
        for (long off = 0; off < size; ) {
            buf.clear().limit((int) Math.min(READ_CHUNK, size - off));
            int n = ch.read(buf, from + off);
            if (n < 0) {
                throw new IOException("zip entry ends at byte " + (from + off) + ", " + size + " bytes were announced");
            }
            crc.update(buf.flip());
            off += n;
        }
        return crc.getValue();
    }
}
