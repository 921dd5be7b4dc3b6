package dev.rosetta.formats.pytorch.zip;

import dev.rosetta.formats.zip.StoredZipWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a zip of stored (uncompressed) entries whose data starts at a multiple of an alignment,
 * as PyTorch's {@code PyTorchStreamWriter} does (64 bytes), so a reader can map tensors in place: a
 * file-creating front for {@link StoredZipWriter}, which streams each entry, computes its CRC-32
 * on the way and writes ZIP64 records where needed (no data descriptors, so any reader can use the
 * local headers; fixed dates, so equal input gives equal bytes). Call {@link #finish()} to write
 * the central directory; {@link #close()} only closes.
 */
public final class ZipWriter implements AutoCloseable {
    private final FileChannel channel;
    private final StoredZipWriter zip;
    private boolean finished;

    private ZipWriter(FileChannel channel, StoredZipWriter zip) {
        this.channel = channel;
        this.zip = zip;
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
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        return new ZipWriter(ch, new StoredZipWriter(ch, forceZip64 ? 0 : StoredZipWriter.MAX32, alignment));
    }

    /** Adds a stored entry holding {@code content}. */
    public void add(String name, byte[] content) throws IOException {
        add(name, content.length, sink -> sink.accept(ByteBuffer.wrap(content)));
    }

    /**
     * Adds a stored entry of exactly {@code size} bytes, produced by {@code content}.
     *
     * @throws IOException on write failure, or when {@code content} writes a different number of bytes
     */
    public void add(String name, long size, StoredZipWriter.Streamer content) throws IOException {
        if (finished) {
            throw new IllegalStateException("ZipWriter is finished");
        }
        try {
            zip.addStreamed(name, size, content);
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Writes the central directory (and zip64 end records when needed). Idempotent. */
    public void finish() throws IOException {
        if (!finished) {
            finished = true;
            zip.finish();
        }
    }

    /** Closes the file; does not finish the archive. Idempotent. */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
