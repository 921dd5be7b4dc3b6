package dev.rosetta.formats.numpy;

import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.LittleEndianChunks;
import dev.rosetta.formats.zip.StoredZipWriter;
import dev.rosetta.ir.Tensor;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Writes an {@code .npz}: a zip with one stored (uncompressed) {@code .npy} entry per array,
 * named {@code <key>.npy}, in map order.
 *
 * <p>Each entry is streamed once through a {@link StoredZipWriter}: the local header is written
 * with the sizes (known in advance), the data follows chunk by chunk while the CRC is computed,
 * and the CRC is then patched in place; zip64 where a size, an offset or the entry count needs it;
 * timestamps fixed at 1980-01-01, so the output is deterministic.
 */
final class NpzWriter {
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
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
             LittleEndianChunks chunks = new LittleEndianChunks()) {
            StoredZipWriter zip = new StoredZipWriter(ch, forceZip64 ? 0 : StoredZipWriter.MAX32);
            for (Map.Entry<String, Tensor> e : arrays.entrySet()) {
                String entryName = e.getKey() + ".npy";
                int nameBytes = entryName.getBytes(StandardCharsets.UTF_8).length;
                if (nameBytes > StoredZipWriter.MAX_NAME) {
                    throw new UnsupportedFeatureException("an .npz entry name is at most 65535 bytes; '"
                            + entryName.substring(0, 40) + "...' has " + nameBytes);
                }
                Tensor t = e.getValue();
                zip.addStreamed(entryName, NpyWriter.encodedSize(t), sink -> NpyWriter.write(t, chunks, sink::accept));
            }
            zip.finish();
        }
    }
}
