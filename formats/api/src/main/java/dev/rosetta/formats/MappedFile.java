package dev.rosetta.formats;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.RosettaIOException;
import dev.rosetta.ir.Model;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A whole file mapped read-only into memory, of any size (over 2 GiB too).
 *
 * <p>Readers slice tensors out of {@link #segment()} without copying. The mapping lives until
 * {@link #close()}, usually called by the {@link dev.rosetta.ir.Model} that owns it; close is
 * idempotent, and reading a slice after close throws {@link IllegalStateException}. Reads check
 * bounds against the file's real size and report a {@link MalformedInputException} naming the file
 * and the region, so a header that lies about offsets cannot read past the end.
 */
public final class MappedFile implements AutoCloseable {
    private final Path path;
    private final Arena arena;
    private final MemorySegment segment;

    private MappedFile(Path path, Arena arena, MemorySegment segment) {
        this.path = path;
        this.arena = arena;
        this.segment = segment;
    }

    /** Maps {@code path} read-only; the input is never opened for writing. */
    public static MappedFile open(Path path) {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            MemorySegment seg = size == 0 ? MemorySegment.NULL.reinterpret(0)
                    : ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            return new MappedFile(path, arena, seg);
        } catch (IOException e) {
            arena.close();
            throw new RosettaIOException(path, "mapping the file", e);
        }
    }

    /** Builds a model out of a mapped file, its tensors views of the mapping. */
    @FunctionalInterface
    public interface ModelReader {
        Model read(MappedFile mapped);
    }

    /**
     * Maps {@code path} and reads a model out of the mapping with {@code reader}. The model owns the
     * mapping, which is unmapped when the model is closed; when reading fails, it is unmapped at
     * once and the failure rethrown.
     */
    public static Model readModel(Path path, ModelReader reader) {
        MappedFile mapped = open(path);
        try {
            Model model = reader.read(mapped);
            model.own(mapped);
            return model;
        } catch (RuntimeException | Error e) {
            mapped.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    public long size() {
        return segment.byteSize();
    }

    /** The whole file. */
    public MemorySegment segment() {
        return segment;
    }

    /**
     * The bytes {@code [offset, offset + length)}.
     *
     * @param what names the region in the error, e.g. "data of tensor 'fc.weight'"
     * @throws MalformedInputException when the region is not inside the file
     */
    public MemorySegment slice(long offset, long length, String what) {
        if (offset < 0 || length < 0 || offset > size() || length > size() - offset) {
            throw new MalformedInputException(path, what, "needs bytes " + offset + ".."
                    + (offset + length) + " but the file has " + size() + " bytes");
        }
        return segment.asSlice(offset, length);
    }

    /**
     * The bytes {@code [offset, offset + length)} as a mapped file of their own (an archive entry
     * stored uncompressed, say), sharing this mapping: closing either closes both.
     *
     * @param what names the region in errors
     * @throws MalformedInputException when the region is not inside the file
     */
    public MappedFile region(long offset, long length, String what) {
        return new MappedFile(path, arena, slice(offset, length, what));
    }

    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
