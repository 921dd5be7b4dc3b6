package dev.rosetta.formats.numpy;

import dev.rosetta.formats.LittleEndianChunks;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes one array as an {@code .npy} stream: format version 1.0 (2.0 when the header outgrows 64
 * KiB), little-endian, C order, header laid out byte for byte as NumPy 1.24 writes it (keys sorted,
 * the 21-digit growth-axis reserve, padding to a multiple of 64 bytes, a final newline).
 *
 * <p>The data is streamed from the tensor's segment in chunks, so tensors over 2 GiB (mapped or
 * off-heap) are written without a heap copy.
 */
final class NpyWriter {
    private static final int ALIGN = 64;
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;

    private NpyWriter() {
    }

    /** The magic, version, length and padded header dict for {@code t}. */
    static byte[] header(Tensor t) {
        return header(t.dtype(), t.shape());
    }

    /** The header of a little-endian C-order array of {@code dtype} and {@code shape}. */
    static byte[] header(DType dtype, long[] shape) {
        String descr = new NpyDescr(dtype, ByteOrder.LITTLE_ENDIAN).encode();
        StringBuilder dict = new StringBuilder("{'descr': '").append(descr)
                .append("', 'fortran_order': False, 'shape': ").append(NpyHeader.describe(shape)).append(", }");
        if (shape.length > 0) {
            dict.repeat(' ', GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[0]).length());
        }
        byte[] text = dict.toString().getBytes(StandardCharsets.ISO_8859_1);
        int textLength = text.length + 1;
        int major = 1;
        int pad = ALIGN - ((8 + 2 + textLength) % ALIGN);
        if (textLength + pad > 0xffff) {
            major = 2;
            pad = ALIGN - ((8 + 4 + textLength) % ALIGN);
        }
        int preamble = major == 1 ? 10 : 12;
        ByteBuffer out = ByteBuffer.allocate(preamble + textLength + pad).order(ByteOrder.LITTLE_ENDIAN);
        out.put(NpyHeader.MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            out.putShort((short) (textLength + pad));
        } else {
            out.putInt(textLength + pad);
        }
        out.put(text);
        for (int i = 0; i < pad; i++) {
            out.put((byte) ' ');
        }
        out.put((byte) '\n');
        return out.array();
    }

    /** The size of the whole {@code .npy} stream for {@code t}. */
    static long encodedSize(Tensor t) {
        return header(t).length + t.byteSize();
    }

    /** Streams header and data to {@code sink}, the data through {@code chunks}. */
    static void write(Tensor t, LittleEndianChunks chunks, LittleEndianChunks.Sink sink) throws IOException {
        sink.accept(ByteBuffer.wrap(header(t)));
        chunks.stream(t, sink);
    }

    /** Writes {@code t} as an {@code .npy} file at exactly {@code target}, replacing any content. */
    static void write(Tensor t, Path target) throws IOException {
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
             LittleEndianChunks chunks = new LittleEndianChunks()) {
            write(t, chunks, buffer -> writeFully(ch, buffer));
        }
    }

    static void writeFully(FileChannel ch, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            ch.write(buffer);
        }
    }
}
