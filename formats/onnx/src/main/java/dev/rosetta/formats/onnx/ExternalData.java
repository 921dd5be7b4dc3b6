package dev.rosetta.formats.onnx;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.formats.MappedFile;
import dev.rosetta.formats.onnx.proto.OnnxProto.StringStringEntryProto;
import dev.rosetta.formats.onnx.proto.OnnxProto.TensorProto;
import dev.rosetta.ir.Model;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Resolves ONNX external data: tensors whose bytes live in side files next to the model, named by
 * {@code location} (relative to the model's folder) with an {@code offset} and {@code length}.
 *
 * <p>Each side file is mapped once, read-only, and handed to the model, so tensors are views of
 * the mapping. A location that is absolute, or that leaves the model's folder (through
 * {@code ..} or a symbolic link), is refused: a model file must not make Rosetta read arbitrary
 * files.
 */
final class ExternalData {
    private final Path modelFile;
    private final Path folder;
    private final Model owner;
    private final Map<Path, MappedFile> mapped = new HashMap<>();

    /**
     * @param modelFile the .onnx file, or {@code null} for a model held in memory (which then
     *     cannot have external data)
     * @param owner the model that will own the mappings
     */
    ExternalData(Path modelFile, Model owner) {
        this.modelFile = modelFile;
        this.folder = modelFile == null ? null : modelFile.toAbsolutePath().getParent();
        this.owner = owner;
    }

    /** The bytes of an external tensor, checked to be exactly {@code expectedBytes} long. */
    MemorySegment slice(TensorProto t, long expectedBytes) {
        String what = "external data of tensor '" + t.getName() + "'";
        String location = null;
        long offset = 0;
        long length = -1;
        for (StringStringEntryProto e : t.getExternalDataList()) {
            switch (e.getKey()) {
                case "location" -> location = e.getValue();
                case "offset" -> offset = number(e.getValue(), what, "offset");
                case "length" -> length = number(e.getValue(), what, "length");
                default -> { }
            }
        }
        if (location == null || location.isEmpty()) {
            throw new MalformedInputException(modelFile, what, "expected a 'location' entry, found none");
        }
        if (length >= 0 && length != expectedBytes) {
            throw new MalformedInputException(modelFile, what, "length " + length + " disagrees with the "
                    + expectedBytes + " bytes its type and shape need");
        }
        if (folder == null) {
            throw new MalformedInputException(modelFile, what, "refers to file '" + location
                    + "', but the model was not read from a folder");
        }
        MappedFile file = open(location, what);
        return file.slice(offset, expectedBytes, what);
    }

    private MappedFile open(String location, String what) {
        Path rel;
        try {
            rel = Path.of(location.replace('\\', '/'));
        } catch (java.nio.file.InvalidPathException e) {
            throw new MalformedInputException(modelFile, what, "location '" + location.replace('\0', '?')
                    + "' is not a valid file name (" + e.getReason() + ")");
        }
        if (rel.isAbsolute() || rel.normalize().startsWith("..") || location.startsWith("/")) {
            throw new MalformedInputException(modelFile, what, "location '" + location
                    + "' is not inside the model's folder; only relative paths below it are read");
        }
        Path p = folder.resolve(rel).normalize();
        if (!p.startsWith(folder) || !Files.isRegularFile(p)) {
            throw new MalformedInputException(modelFile, what, "external data file '" + location
                    + "' does not exist next to the model");
        }
        try {
            Path real = p.toRealPath();
            if (!real.startsWith(folder.toRealPath())) {
                throw new MalformedInputException(modelFile, what, "location '" + location
                        + "' leads outside the model's folder (through a link)");
            }
            p = real;
        } catch (IOException e) {
            throw new MalformedInputException(modelFile, what, "cannot resolve external data file '" + location
                    + "': " + e.getMessage());
        }
        return mapped.computeIfAbsent(p, path -> {
            MappedFile f = MappedFile.open(path);
            owner.own(f);
            return f;
        });
    }

    private long number(String text, String what, String key) {
        try {
            long v = Long.parseLong(text.trim());
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new MalformedInputException(modelFile, what, "expected a non-negative integer " + key
                    + ", found '" + text + "'");
        }
    }
}
