package dev.rosetta.formats.numpy;

import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.ir.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Writes an {@code .npz}: a zip with one stored (uncompressed) {@code .npy} entry per array,
 * named {@code <key>.npy}, in map order.
 *
 * <p>Each entry is streamed once: the local header is written with the sizes (known in advance)
 * and a CRC placeholder, the data follows chunk by chunk while the CRC is computed, and the CRC is
 * then patched in place. Zip64 structures are used where a size or offset reaches 4 GiB or there
 * are 65,535 entries or more. Timestamps are fixed at 1980-01-01 so the output is deterministic.
 */
final class NpzWriter {
    private static final int DOS_DATE_1980 = (1 << 5) | 1;
    private static final int VERSION_DEFAULT = 20;
    private static final int VERSION_ZIP64 = 45;
    private static final int FLAG_UTF8 = 1 << 11;

    private record Written(byte[] name, long localOffset, long size, long crc) {
    }

    private NpzWriter() {
    }

    /**
     * Writes {@code arrays} to exactly {@code target}, replacing any content.
     *
     * @throws UnsupportedFeatureException when an entry name exceeds the zip limit of 65535 bytes
     */
    static void write(Map<String, Tensor> arrays, Path target) throws IOException {
        write(arrays, target, false);
    }

    /**
     * Writes {@code arrays}; with {@code forceZip64} every size and offset goes through the zip64
     * fields even when small (tests use this to exercise the zip64 paths cheaply).
     */
    static void write(Map<String, Tensor> arrays, Path target, boolean forceZip64) throws IOException {
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            List<Written> written = new ArrayList<>();
            for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
                written.add(writeEntry(ch, e.getKey() + ".npy", e.getValue(), forceZip64));
            }
            writeDirectory(ch, written, forceZip64);
        }
    }

    private static Written writeEntry(FileChannel ch, String entryName, Tensor t, boolean force) throws IOException {
        byte[] name = entryName.getBytes(StandardCharsets.UTF_8);
        if (name.length > ZipDirectory.U16) {
            throw new UnsupportedFeatureException("an .npz entry name is at most 65535 bytes; '"
                    + entryName.substring(0, 40) + "...' has " + name.length);
        }
        long offset = ch.position();
        long size = NpyWriter.encodedSize(t);
        boolean zip64 = force || size >= ZipDirectory.U32;
        ByteBuffer h = le(30 + name.length + (zip64 ? 20 : 0));
        h.putInt(ZipDirectory.LOCAL_SIG).putShort((short) (zip64 ? VERSION_ZIP64 : VERSION_DEFAULT))
                .putShort((short) flags(entryName)).putShort((short) 0).putShort((short) 0)
                .putShort((short) DOS_DATE_1980).putInt(0)
                .putInt((int) (zip64 ? ZipDirectory.U32 : size)).putInt((int) (zip64 ? ZipDirectory.U32 : size))
                .putShort((short) name.length).putShort((short) (zip64 ? 20 : 0)).put(name);
        if (zip64) {
            h.putShort((short) ZipDirectory.ZIP64_EXTRA_ID).putShort((short) 16).putLong(size).putLong(size);
        }
        NpyWriter.writeFully(ch, h.flip());
        CRC32 crc = new CRC32();
        NpyWriter.write(t, chunk -> {
            crc.update(chunk.duplicate());
            NpyWriter.writeFully(ch, chunk);
        });
        long end = ch.position();
        if (end - offset - h.capacity() != size) {
            throw new IllegalStateException("entry '" + entryName + "' wrote " + (end - offset - h.capacity())
                    + " bytes, expected " + size);
        }
        ByteBuffer c = le(4).putInt((int) crc.getValue()).flip();
        while (c.hasRemaining()) {
            ch.write(c, offset + 14 + c.position());
        }
        return new Written(name, offset, size, crc.getValue());
    }

    private static void writeDirectory(FileChannel ch, List<Written> entries, boolean force) throws IOException {
        long cdStart = ch.position();
        for (Written w : entries) {
            boolean bigSize = force || w.size >= ZipDirectory.U32;
            boolean bigOffset = force || w.localOffset >= ZipDirectory.U32;
            int extra = (bigSize ? 16 : 0) + (bigOffset ? 8 : 0);
            int extraLength = extra == 0 ? 0 : 4 + extra;
            int version = extra == 0 ? VERSION_DEFAULT : VERSION_ZIP64;
            ByteBuffer b = le(46 + w.name.length + extraLength);
            b.putInt(ZipDirectory.CENTRAL_SIG).putShort((short) version).putShort((short) version)
                    .putShort((short) flags(new String(w.name, StandardCharsets.UTF_8))).putShort((short) 0)
                    .putShort((short) 0).putShort((short) DOS_DATE_1980).putInt((int) w.crc)
                    .putInt((int) (bigSize ? ZipDirectory.U32 : w.size)).putInt((int) (bigSize ? ZipDirectory.U32 : w.size))
                    .putShort((short) w.name.length).putShort((short) extraLength).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putInt(0)
                    .putInt((int) (bigOffset ? ZipDirectory.U32 : w.localOffset)).put(w.name);
            if (extra > 0) {
                b.putShort((short) ZipDirectory.ZIP64_EXTRA_ID).putShort((short) extra);
                if (bigSize) {
                    b.putLong(w.size).putLong(w.size);
                }
                if (bigOffset) {
                    b.putLong(w.localOffset);
                }
            }
            NpyWriter.writeFully(ch, b.flip());
        }
        long cdEnd = ch.position();
        long cdSize = cdEnd - cdStart;
        long count = entries.size();
        boolean zip64 = force || count >= ZipDirectory.U16 || cdStart >= ZipDirectory.U32 || cdSize >= ZipDirectory.U32;
        if (zip64) {
            ByteBuffer z = le(56 + 20);
            z.putInt(ZipDirectory.ZIP64_END_SIG).putLong(44).putShort((short) VERSION_ZIP64)
                    .putShort((short) VERSION_ZIP64).putInt(0).putInt(0).putLong(count).putLong(count)
                    .putLong(cdSize).putLong(cdStart);
            z.putInt(ZipDirectory.ZIP64_LOCATOR_SIG).putInt(0).putLong(cdEnd).putInt(1);
            NpyWriter.writeFully(ch, z.flip());
        }
        ByteBuffer e = le(22);
        e.putInt(ZipDirectory.END_SIG).putShort((short) 0).putShort((short) 0)
                .putShort((short) Math.min(count, ZipDirectory.U16)).putShort((short) Math.min(count, ZipDirectory.U16))
                .putInt((int) (zip64 ? ZipDirectory.U32 : cdSize)).putInt((int) (zip64 ? ZipDirectory.U32 : cdStart))
                .putShort((short) 0);
        NpyWriter.writeFully(ch, e.flip());
    }

    private static int flags(String name) {
        return name.chars().allMatch(c -> c < 0x80) ? 0 : FLAG_UTF8;
    }

    private static ByteBuffer le(int capacity) {
        return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }
}
