package dev.rosetta.formats.pytorch;

import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.error.UsageException;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.LittleEndianChunks;
import dev.rosetta.formats.pytorch.zip.ZipWriter;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.io.IOException;
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
 * contiguous little-endian storage, streamed in chunks by {@link LittleEndianChunks} (a mapped
 * input is never copied whole into the heap, big-endian tensors are swapped chunk by chunk, and
 * re-laid weights are computed one at a time into a reused buffer).
 * Keys are the IR initializer names, in graph order.
 */
public final class PyTorchWriter {
    /** The archive folder name used unless the option {@code archive} gives another. */
    public static final String DEFAULT_ARCHIVE = "archive";
    /** PyTorch's alignment of storage data inside the zip. */
    public static final int ALIGNMENT = 64;
    private static final Pattern ARCHIVE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

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
        try (ZipWriter zip = ZipWriter.create(target, ALIGNMENT, false);
             LittleEndianChunks chunks = new LittleEndianChunks()) {
            zip.add(prefix + "data.pkl", pickle);
            zip.add(prefix + "byteorder", "little".getBytes(StandardCharsets.US_ASCII));
            for (int k = 0; k < order.size(); k++) {
                Tensor t = order.get(k);
                zip.add(prefix + "data/" + k, t.byteSize(), sink -> chunks.stream(t, sink::accept));
            }
            zip.add(prefix + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
            zip.finish();
        }
    }
}
