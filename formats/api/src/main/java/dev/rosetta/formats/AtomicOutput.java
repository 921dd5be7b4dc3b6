package dev.rosetta.formats;

import dev.rosetta.error.RosettaException;
import dev.rosetta.error.RosettaIOException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/**
 * Writes an output so that it appears complete or not at all.
 *
 * <p>The content goes to a temporary sibling named {@code .<name>.rosetta-tmp-<id>} in the target's
 * folder, is forced to disk, and is renamed over the target only when the writer succeeded. A
 * failure (an exception, a full disk) deletes the temporary and leaves any previous target as it
 * was. A process killed mid-write leaves only a temporary, which {@link #cleanStaleTemporaries}
 * removes on the next run.
 */
public final class AtomicOutput {
    /** Marker in the names of temporaries. */
    public static final String TEMP_MARKER = ".rosetta-tmp-";

    /** Writes the content of a file or directory at a given path. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(Path temporary) throws IOException;
    }

    private AtomicOutput() {
    }

    /**
     * Runs {@code writer} against a temporary path and moves the result to {@code target}.
     *
     * @throws RosettaIOException when writing or renaming fails (the target is untouched)
     * @throws RosettaException whatever the writer throws, after the temporary is removed
     */
    public static void write(Path target, Writer writer) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new RosettaIOException(dir, "creating the output folder", e);
        }
        cleanStaleTemporaries(dir, abs.getFileName().toString());
        Path tmp = dir.resolve("." + abs.getFileName() + TEMP_MARKER + UUID.randomUUID());
        boolean done = false;
        try {
            writer.writeTo(tmp);
            force(tmp);
            replace(tmp, abs);
            done = true;
        } catch (IOException e) {
            throw new RosettaIOException(abs, "writing", e);
        } finally {
            if (!done) {
                deleteQuietly(tmp);
            }
        }
    }

    /** Removes temporaries of {@code targetName} left in {@code dir} by a killed run. */
    public static void cleanStaleTemporaries(Path dir, String targetName) {
        String prefix = "." + targetName + TEMP_MARKER;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, p -> p.getFileName().toString().startsWith(prefix))) {
            for (Path p : ds) {
                deleteQuietly(p);
            }
        } catch (IOException e) {
            // Nothing to clean or the folder is unreadable; writing will report the real problem.
        }
    }

    private static void force(Path p) throws IOException {
        if (Files.isDirectory(p)) {
            Files.walkFileTree(p, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    forceFile(file);
                    return FileVisitResult.CONTINUE;
                }
            });
        } else {
            forceFile(p);
        }
    }

    private static void forceFile(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    private static void replace(Path tmp, Path target) throws IOException {
        if (Files.isDirectory(tmp) && Files.exists(target)) {
            // A directory cannot be renamed over a non-empty one: move the old aside first.
            Path old = target.resolveSibling("." + target.getFileName() + TEMP_MARKER + "old-" + UUID.randomUUID());
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
                throw e;
            }
            deleteQuietly(old);
            return;
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes a file or a directory tree, ignoring failures. */
    public static void deleteQuietly(Path p) {
        try {
            if (Files.isDirectory(p)) {
                Files.walkFileTree(p, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        Files.deleteIfExists(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                        Files.deleteIfExists(d);
                        return FileVisitResult.CONTINUE;
                    }
                });
            } else {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort
        }
    }
}
