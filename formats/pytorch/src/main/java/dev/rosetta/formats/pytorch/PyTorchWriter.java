package dev.rosetta.formats.pytorch;

import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.error.UsageException;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.pytorch.zip.ZipWriter;
import dev.rosetta.formats.zip.StoredZipWriter;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.regex.Pattern;

/**
 * Writes a state dict in the zip format of {@code torch.save}, loadable by PyTorch 1.6 and later
 * with {@code torch.load(f, weights_only=True)}.
 *
 * <p>Layout: {@code <archive>/data.pkl} (see {@link TorchPickleWriter}),
 * {@code <archive>/byteorder} ({@code little}), {@code <archive>/data/<i>} for tensor
 * {@code i}, {@code <archive>/version} ({@code 3}); entries are stored, their data aligned to 64
 * bytes as PyTorch aligns them, with zip64 records where sizes need them. Every tensor gets its own
 * contiguous little-endian storage, streamed from its {@link MemorySegment} in chunks (a mapped
 * input is never copied whole into the heap; big-endian tensors are swapped chunk by chunk).
 * Keys are the IR initializer names, in graph order.
 */
public final class PyTorchWriter {
    /** The archive folder name used unless the option {@code archive} gives another. */
    public static final String DEFAULT_ARCHIVE = "archive";
    /** PyTorch's alignment of storage data inside the zip. */
    public static final int ALIGNMENT = 64;
    private static final Pattern ARCHIVE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
    private static final long CHUNK = 1L << 24;
    private static final int SWAP_CHUNK = 1 << 20;

    private PyTorchWriter() {
    }

    /**
     * Writes the initializers of {@code model} as a state dict. A graph's nodes are not written: a
     * state dict holds weights only.
     *
     * @param options {@code archive}: the folder name inside the zip (default {@value #DEFAULT_ARCHIVE})
     * @throws UnsupportedFeatureException when two initializers share a name
     */
    public static void write(Model model, Path target, FormatOptions options) throws IOException {
        SequencedMap<String, Tensor> tensors = new LinkedHashMap<>();
        List<String> duplicates = new ArrayList<>();
        for (Value v : model.graph().initializers()) {
            if (tensors.putIfAbsent(v.name(), v.constant()) != null) {
                duplicates.add(v.name());
            }
        }
        if (!duplicates.isEmpty()) {
            throw new UnsupportedFeatureException("a state dict needs unique names", duplicates.stream()
                    .map(n -> "initializer name '" + n + "' appears more than once").toList());
        }
        write(tensors, target, options.get("archive", DEFAULT_ARCHIVE));
    }

    /**
     * Writes named tensors as a state dict.
     *
     * @param archiveName the folder name inside the zip (letters, digits, {@code _ . -})
     * @throws UsageException when {@code archiveName} is not a plain folder name
     */
    public static void write(SequencedMap<String, Tensor> tensors, Path target, String archiveName) throws IOException {
        if (!ARCHIVE_NAME.matcher(archiveName).matches()) {
            throw new UsageException("archive name '" + archiveName + "' must be 1 to 100 letters, digits, '_', '.' or '-'");
        }
        String prefix = archiveName + "/";
        List<TorchPickleWriter.Entry> entries = new ArrayList<>();
        List<Tensor> order = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            entries.add(new TorchPickleWriter.Entry(e.getKey(), t.dtype(), t.shape(), Integer.toString(i++)));
            order.add(t);
        }
        byte[] pickle = TorchPickleWriter.stateDict(entries);
        try (ZipWriter zip = ZipWriter.create(target, ALIGNMENT, false)) {
            zip.add(prefix + "data.pkl", pickle);
            zip.add(prefix + "byteorder", "little".getBytes(StandardCharsets.US_ASCII));
            for (int k = 0; k < order.size(); k++) {
                Tensor t = order.get(k);
                zip.add(prefix + "data/" + k, t.byteSize(), sink -> writeLittleEndian(t, sink));
            }
            zip.add(prefix + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
            zip.finish();
        }
    }

    /** Streams a tensor's bytes in little-endian order. */
    static void writeLittleEndian(Tensor t, StoredZipWriter.Sink sink) throws IOException {
        MemorySegment data = t.data();
        long size = data.byteSize();
        int es = t.dtype().byteSize();
        boolean bytesAsIs = t.byteOrder() == ByteOrder.LITTLE_ENDIAN || es == 1;
        if (bytesAsIs && (data.isNative() || data.heapBase().map(b -> b instanceof byte[]).orElse(false))) {
            for (long off = 0; off < size; off += CHUNK) {
                sink.accept(data.asSlice(off, Math.min(CHUNK, size - off)).asByteBuffer());
            }
            return;
        }
        // Big-endian data, or a heap segment over a non-byte array (no ByteBuffer view): copy through
        // a small buffer, swapping each element's bytes on the way when the orders differ.
        ValueLayout src = layout(es).withOrder(t.byteOrder());
        ValueLayout dst = layout(es).withOrder(ByteOrder.LITTLE_ENDIAN);
        byte[] buf = new byte[SWAP_CHUNK];
        MemorySegment heap = MemorySegment.ofArray(buf);
        for (long off = 0; off < size; off += SWAP_CHUNK) {
            int n = (int) Math.min(SWAP_CHUNK, size - off);
            MemorySegment.copy(data, src, off, heap, dst, 0, n / es);
            sink.accept(ByteBuffer.wrap(buf, 0, n));
        }
    }

    private static ValueLayout layout(int bytes) {
        return switch (bytes) {
            case 1 -> ValueLayout.JAVA_BYTE;
            case 2 -> ValueLayout.JAVA_SHORT_UNALIGNED;
            case 4 -> ValueLayout.JAVA_INT_UNALIGNED;
            case 8 -> ValueLayout.JAVA_LONG_UNALIGNED;
            default -> throw new IllegalArgumentException("no element layout of " + bytes + " bytes");
        };
    }
}
