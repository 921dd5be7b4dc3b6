package dev.rosetta.formats.numpy;

import dev.rosetta.formats.LittleEndianChunks;
import dev.rosetta.formats.zip.ZipDirectory;
import dev.rosetta.ir.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Zip files made with the JDK's own writer, and helpers to corrupt them. */
final class ZipFixtures {
    private ZipFixtures() {
    }

    /** The .npy bytes NumpyFiles would write for {@code t}. */
    static byte[] npyBytes(Tensor t) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LittleEndianChunks chunks = new LittleEndianChunks()) {
            NpyWriter.write(t, chunks, chunk -> {
                byte[] b = new byte[chunk.remaining()];
                chunk.get(b);
                out.write(b);
            });
        }
        return out.toByteArray();
    }

    /** An .npz whose entries are deflated by {@link ZipOutputStream}. */
    static void writeDeflated(Path file, Map<String, Tensor> arrays) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                zip.write(npyBytes(e.getValue()));
                zip.closeEntry();
            }
        }
    }

    /** A zip with the given raw entries, deflated. */
    static byte[] deflatedZip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** The offset of the first central directory entry. */
    static int centralDirectory(byte[] zip) {
        for (int i = zip.length - 22; i >= 0; i--) {
            if (ByteBuffer.wrap(zip, i, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() == ZipDirectory.END_SIG) {
                return ByteBuffer.wrap(zip, i + 16, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            }
        }
        throw new IllegalArgumentException("no end record");
    }

    /** Overwrites a little-endian 32-bit field. */
    static void putInt(byte[] zip, int at, int value) {
        ByteBuffer.wrap(zip, at, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(value);
    }

    static int getInt(byte[] zip, int at) {
        return ByteBuffer.wrap(zip, at, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }
}
