package dev.rosetta.formats.pytorch;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.RosettaException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.MappedFile;
import dev.rosetta.formats.pytorch.pickle.UnsafePickleException;
import dev.rosetta.formats.pytorch.zip.ZipArchive;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.lang.foreign.MemorySegment;
import java.nio.BufferUnderflowException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads {@code torch.save} files, zip or legacy, into weights-only models: a {@link Graph} without
 * nodes holding one initializer per tensor of the state dict, named by its (flattened) key, with
 * {@link Layout#UNKNOWN} (architecture recognition assigns layouts). The file is mapped; the model
 * owns the mapping, and contiguous tensors are slices of it.
 *
 * <p>Metadata: {@code pytorch.format} ({@code zip} or {@code legacy}), {@code pytorch.key} (the
 * dotted path of the state dict inside the file, empty for the top level), {@code pytorch.skipped}
 * (entries left out, with their types), {@code pytorch.byteorder}, {@code pytorch.archive_version}
 * or {@code pytorch.sys_info}.
 *
 * <p>Errors are typed: {@link UnsafePickleException} for pickles that need code,
 * {@link MalformedInputException} for truncated or inconsistent files (a storage shorter than its
 * tensor claims, a truncated zip), {@link dev.rosetta.error.ResourceLimitException} for sizes that
 * overflow or exceed the file, {@link UnsupportedFeatureException} for valid content the IR cannot
 * hold (sparse or quantized tensors, complex dtypes, the early tar-based format).
 */
public final class PyTorchReader {
    /** Option naming the dotted path of the state dict inside a checkpoint. */
    public static final String KEY_OPTION = "key";

    private PyTorchReader() {
    }

    /**
     * Reads a {@code torch.save} file (a TorchScript archive is handed to {@link TorchScriptReader}).
     *
     * @param options {@value #KEY_OPTION}: the dotted path of the state dict inside the file
     */
    public static Model read(Path path, FormatOptions options) {
        return MappedFile.readModel(path, mapped -> readMapped(path, mapped.segment(), options));
    }

    private static Model readMapped(Path path, MemorySegment file, FormatOptions options) {
        return guarded(path, () -> {
            TorchPickle tp;
            switch (TorchFileKind.of(file.asSlice(0, Math.min(file.byteSize(), 1024)))) {
                case ZIP -> {
                    ZipArchive zip = ZipArchive.read(path, file);
                    String prefix = TorchZipReader.prefix(path, zip);
                    if (TorchScriptReader.isTorchScript(zip, prefix)) {
                        return TorchScriptReader.read(path, zip, prefix);
                    }
                    tp = TorchZipReader.read(path, zip, false);
                }
                case LEGACY -> tp = TorchLegacyReader.read(path, file);
                case TAR -> throw new UnsupportedFeatureException(path + ": a tar archive in the layout of PyTorch's"
                        + " early tar-based torch.save format, which Rosetta does not read; load it with a PyTorch"
                        + " that can and save it again with torch.save");
                default -> throw new MalformedInputException(path, "byte 0", "not a torch.save file: expected a zip"
                        + " archive or a pickle starting with the torch.save magic number, found " + headHex(file));
            }
            return toModel(path, tp, options.get(KEY_OPTION).orElse(null), "pytorch");
        });
    }

    /**
     * Runs a read, turning the runtime exceptions that a corrupt file could still provoke past the
     * pre-checks into a {@link MalformedInputException} (a last line of defence: no untyped
     * exception leaves a reader), and adding the whole-module hint to refused pickles.
     */
    static <T> T guarded(Path path, Supplier<T> read) {
        try {
            return read.get();
        } catch (UnsafePickleException e) {
            e.addContext("Rosetta reads tensors, not Python objects: a file that needs other classes, such as a whole"
                    + " nn.Module saved with torch.save(model), must be re-saved as model.state_dict()");
            throw e;
        } catch (RosettaException e) {
            throw e;
        } catch (IndexOutOfBoundsException | IllegalArgumentException | ArithmeticException | NegativeArraySizeException
                 | BufferUnderflowException | ClassCastException e) {
            throw new MalformedInputException(path, "", "corrupt file (" + e + ")", e);
        }
    }

    /** Builds the weights-only model from the tensors the selector picks. */
    static Model toModel(Path path, TorchPickle tp, String key, String sourceFormat) {
        StateDictSelector.Selection sel = StateDictSelector.select(path, tp.root(), key);
        Graph graph = new Graph(stem(path));
        addInitializers(path, tp, sel, graph);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("pytorch.format", tp.format());
        meta.put("pytorch.key", sel.key());
        if (!sel.skipped().isEmpty()) {
            meta.put("pytorch.skipped", String.join("; ", sel.skipped()));
        }
        meta.putAll(tp.metadata());
        return new Model(graph, sourceFormat, Map.of(), meta);
    }

    static void addInitializers(Path path, TorchPickle tp, StateDictSelector.Selection sel, Graph graph) {
        Map<String, MemorySegment> storages = new HashMap<>();
        Function<StorageRef, MemorySegment> bytes = ref -> storages.computeIfAbsent(ref.key(), k -> tp.storages().bytes(ref));
        for (Map.Entry<String, TensorRef> e : sel.tensors().entrySet()) {
            TensorRef ref = e.getValue();
            Tensor t = TensorMaterializer.materialize(path, e.getKey(), ref, bytes.apply(ref.storage()), tp.order());
            graph.addInitializer(Value.constant(e.getKey(), t, Layout.UNKNOWN));
        }
    }

    static String stem(Path path) {
        Path f = path.getFileName();
        String name = f == null ? "model" : f.toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String headHex(MemorySegment file) {
        StringBuilder sb = new StringBuilder();
        for (long i = 0; i < Math.min(8, file.byteSize()); i++) {
            sb.append(String.format("%02x ", file.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i)));
        }
        return file.byteSize() == 0 ? "an empty file" : "bytes " + sb.toString().trim();
    }
}
