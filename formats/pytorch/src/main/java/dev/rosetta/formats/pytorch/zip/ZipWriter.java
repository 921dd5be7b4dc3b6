package dev.rosetta.formats.pytorch.zip;

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
 * Writes a zip of stored (uncompressed) entries whose data starts at a multiple of an alignment,
 * as PyTorch's {@code PyTorchStreamWriter} does (64 bytes), so a reader can map tensors in place.
 *
 * <p>Entries are streamed: the caller hands chunks to a {@link Sink}, their CRC-32 is computed on
 * the way, and the CRC is patched into the local header afterwards (no data descriptors, so any
 * reader can use the local headers). Zip64 records are written for any size or offset that does
 * not fit 32 bits, or always when asked. Dates are fixed (1980-00-00) so equal input gives equal
 * bytes. Call {@link #finish()} to write the central directory; {@link #close()} only closes.
 */
public final class ZipWriter implements AutoCloseable {
    private static final long U32_MAX = 0xffffffffL;
    private static final short PAD_ID = 0x4246; // "FB", PyTorch's padding extra field

    /** Receives an entry's bytes in order. */
    @FunctionalInterface
    public interface Sink {
        /** Writes all remaining bytes of {@code chunk}. */
        void write(ByteBuffer chunk) throws IOException;
    }

    /** Produces an entry's bytes into a {@link Sink}. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Sink sink) throws IOException;
    }

    private record Entry(byte[] name, long size, long crc, long localOffset) {
    }

    private final FileChannel channel;
    private final int alignment;
    private final boolean forceZip64;
    private final List<Entry> entries = new ArrayList<>();
    private long position;
    private boolean finished;

    private ZipWriter(FileChannel channel, int alignment, boolean forceZip64) {
        this.channel = channel;
        this.alignment = alignment;
        this.forceZip64 = forceZip64;
    }

    /**
     * Creates (or truncates) {@code path} and writes a zip into it.
     *
     * @param alignment data offsets are multiples of this (1 for none)
     * @param forceZip64 write zip64 records even when 32-bit fields suffice (for tests)
     */
    public static ZipWriter create(Path path, int alignment, boolean forceZip64) throws IOException {
        if (alignment < 1) {
            throw new IllegalArgumentException("alignment must be positive, got " + alignment);
        }
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        return new ZipWriter(ch, alignment, forceZip64);
    }

    /** Adds a stored entry holding {@code content}. */
    public void add(String name, byte[] content) throws IOException {
        add(name, content.length, sink -> sink.write(ByteBuffer.wrap(content)));
    }

    /**
     * Adds a stored entry of exactly {@code size} bytes, produced by {@code content}.
     *
     * @throws IOException on write failure, or when {@code content} writes a different number of bytes
     */
    public void add(String name, long size, Content content) throws IOException {
        if (finished) {
            throw new IllegalStateException("ZipWriter is finished");
        }
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > 0xffff) {
            throw new IllegalArgumentException("zip entry name longer than 65535 bytes");
        }
        long local = position;
        boolean z64 = forceZip64 || size >= U32_MAX;
        int z64Len = z64 ? 20 : 0;
        long unpadded = local + 30 + nameBytes.length + z64Len;
        int pad = (int) ((alignment - unpadded % alignment) % alignment);
        if (pad > 0 && pad < 4) {
            pad += alignment;
            while (pad < 4) {
                pad += alignment;
            }
        }
        ByteBuffer h = le(30 + nameBytes.length + z64Len + pad);
        h.putInt(0x04034b50).putShort((short) (z64 ? 45 : 20)).putShort((short) (isAscii(nameBytes) ? 0 : 0x800))
                .putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0)
                .putInt((int) (z64 ? U32_MAX : size)).putInt((int) (z64 ? U32_MAX : size))
                .putShort((short) nameBytes.length).putShort((short) (z64Len + pad)).put(nameBytes);
        if (z64) {
            h.putShort((short) 1).putShort((short) 16).putLong(size).putLong(size);
        }
        if (pad > 0) {
            h.putShort(PAD_ID).putShort((short) (pad - 4));
            for (int i = 0; i < pad - 4; i++) {
                h.put((byte) 'Z');
            }
        }
        writeFully(h.flip());
        CRC32 crc = new CRC32();
        long[] written = {0};
        content.writeTo(chunk -> {
            int n = chunk.remaining();
            crc.update(chunk.duplicate());
            writeFully(chunk);
            written[0] += n;
        });
        if (written[0] != size) {
            throw new IOException("zip entry '" + name + "' was declared as " + size + " bytes but " + written[0]
                    + " were written");
        }
        ByteBuffer c = le(4).putInt((int) crc.getValue()).flip();
        while (c.hasRemaining()) {
            channel.write(c, local + 14 + (4 - c.remaining()));
        }
        entries.add(new Entry(nameBytes, size, crc.getValue(), local));
    }

    /** Writes the central directory (and zip64 end records when needed). Idempotent. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        long cdStart = position;
        for (Entry e : entries) {
            boolean bigSize = forceZip64 || e.size >= U32_MAX;
            boolean bigOffset = forceZip64 || e.localOffset >= U32_MAX;
            int z64Len = (bigSize ? 16 : 0) + (bigOffset ? 8 : 0);
            int extraLen = z64Len == 0 ? 0 : 4 + z64Len;
            ByteBuffer h = le(46 + e.name.length + extraLen);
            h.putInt(0x02014b50).putShort((short) (z64Len > 0 ? 45 : 20)).putShort((short) (z64Len > 0 ? 45 : 20))
                    .putShort((short) (isAscii(e.name) ? 0 : 0x800)).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0).putInt((int) e.crc)
                    .putInt((int) (bigSize ? U32_MAX : e.size)).putInt((int) (bigSize ? U32_MAX : e.size))
                    .putShort((short) e.name.length).putShort((short) extraLen).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putInt(0)
                    .putInt((int) (bigOffset ? U32_MAX : e.localOffset)).put(e.name);
            if (z64Len > 0) {
                h.putShort((short) 1).putShort((short) z64Len);
                if (bigSize) {
                    h.putLong(e.size).putLong(e.size);
                }
                if (bigOffset) {
                    h.putLong(e.localOffset);
                }
            }
            writeFully(h.flip());
        }
        long cdSize = position - cdStart;
        boolean z64 = forceZip64 || entries.size() >= 0xffff || cdStart >= U32_MAX || cdSize >= U32_MAX;
        if (z64) {
            long eocd64 = position;
            ByteBuffer r = le(56 + 20);
            r.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0).putInt(0)
                    .putLong(entries.size()).putLong(entries.size()).putLong(cdSize).putLong(cdStart);
            r.putInt(0x07064b50).putInt(0).putLong(eocd64).putInt(1);
            writeFully(r.flip());
        }
        ByteBuffer end = le(22);
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0)
                .putShort((short) (z64 ? 0xffff : entries.size())).putShort((short) (z64 ? 0xffff : entries.size()))
                .putInt((int) (z64 ? U32_MAX : cdSize)).putInt((int) (z64 ? U32_MAX : cdStart)).putShort((short) 0);
        writeFully(end.flip());
    }

    /** Closes the file; does not finish the archive. Idempotent. */
    @Override
    public void close() throws IOException {
        channel.close();
    }

    private void writeFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            position += channel.write(b, position);
        }
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static boolean isAscii(byte[] b) {
        for (byte x : b) {
            if (x < 0) {
                return false;
            }
        }
        return true;
    }
}
