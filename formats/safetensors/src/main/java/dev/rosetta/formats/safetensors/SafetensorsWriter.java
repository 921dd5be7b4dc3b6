package dev.rosetta.formats.safetensors;

import dev.rosetta.error.InvalidGraphException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.LittleEndianChunks;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a model's initializers as a safetensors file.
 *
 * <p>Layout: the 8-byte little-endian header length, the JSON header padded with spaces so that
 * the data region starts on an 8-byte boundary, then the tensors back to back in little-endian
 * row-major order, exactly covering the data region. Tensors are ordered by element size, largest
 * first (keeping initializer order among equals), so every tensor starts at a multiple of its
 * element size; the header lists {@code __metadata__} (the model's metadata, when it has any)
 * and then the tensors in offset order.
 *
 * <p>Data is streamed tensor by tensor in chunks ({@link LittleEndianChunks}: views of mapped or
 * off-heap data, re-laid weights computed one at a time into a reused buffer), so writing never
 * copies the whole model into the heap and works for tensors over 2 GiB. Only initializers are
 * stored: safetensors has no place for nodes.
 */
final class SafetensorsWriter {
    private SafetensorsWriter() {
    }

    /**
     * @throws InvalidGraphException when two initializers share a name
     * @throws UnsupportedFeatureException when an initializer is named {@code __metadata__}
     * @throws IOException on write failure
     */
    static void write(Model model, Path target) throws IOException {
        List<Value> tensors = orderedInitializers(model);
        byte[] header = header(model.metadata(), tensors);
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
             LittleEndianChunks chunks = new LittleEndianChunks()) {
            ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip();
            writeFully(ch, prefix);
            writeFully(ch, ByteBuffer.wrap(header));
            for (Value v : tensors) {
                chunks.stream(v.constant(), chunk -> writeFully(ch, chunk));
            }
        }
    }

    private static List<Value> orderedInitializers(Model model) {
        List<Value> out = new ArrayList<>(model.graph().initializers());
        Set<String> seen = new HashSet<>();
        for (Value v : out) {
            if (v.name().equals(SafetensorsHeader.METADATA_KEY)) {
                throw new UnsupportedFeatureException("a tensor named '" + SafetensorsHeader.METADATA_KEY
                        + "' cannot be stored in safetensors, where that key holds the metadata; rename it");
            }
            if (!seen.add(v.name())) {
                throw new InvalidGraphException("two initializers are named '" + v.name()
                        + "'; safetensors needs unique tensor names");
            }
        }
        out.sort(Comparator.comparingInt((Value v) -> v.constant().dtype().byteSize()).reversed());
        return out;
    }

    /** The JSON header, padded with spaces to a multiple of 8 bytes. */
    static byte[] header(Map<String, String> metadata, List<Value> tensors) {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        if (!metadata.isEmpty()) {
            Json.appendString(sb, SafetensorsHeader.METADATA_KEY);
            sb.append(":{");
            boolean firstMeta = true;
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                if (!firstMeta) {
                    sb.append(',');
                }
                firstMeta = false;
                Json.appendString(sb, e.getKey());
                sb.append(':');
                Json.appendString(sb, e.getValue());
            }
            sb.append('}');
            first = false;
        }
        long offset = 0;
        for (Value v : tensors) {
            Tensor t = v.constant();
            if (!first) {
                sb.append(',');
            }
            first = false;
            Json.appendString(sb, v.name());
            sb.append(":{\"dtype\":\"").append(t.dtype().safetensorsName()).append("\",\"shape\":[");
            long[] shape = t.shape();
            for (int i = 0; i < shape.length; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(shape[i]);
            }
            long end = offset + t.byteSize();
            sb.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        sb.append('}');
        byte[] json = sb.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) & ~7;
        byte[] out = new byte[padded];
        System.arraycopy(json, 0, out, 0, json.length);
        for (int i = json.length; i < padded; i++) {
            out[i] = ' ';
        }
        return out;
    }

    private static void writeFully(FileChannel ch, ByteBuffer bb) throws IOException {
        while (bb.hasRemaining()) {
            ch.write(bb);
        }
    }
}
