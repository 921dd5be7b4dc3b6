package dev.rosetta.batch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * SHA-256 of files, folders and strings, streamed: a model of any size is hashed in a fixed
 * buffer. A folder (a SavedModel) hashes as its regular files in sorted relative-path order, each
 * as path, length and content, so a renamed or moved file changes the hash.
 */
final class Hashes {
    private static final int BUFFER = 1 << 20;

    private Hashes() {
    }

    /** The hex SHA-256 of a file, or of a folder's files. */
    static String sha256(Path path) throws IOException {
        MessageDigest md = digest();
        if (Files.isDirectory(path)) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(path)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path f : files) {
                md.update(path.relativize(f).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
                md.update(ByteBuffer.allocate(Long.BYTES).putLong(Files.size(f)).array());
                update(md, f);
            }
        } else {
            update(md, path);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The hex SHA-256 of a string's UTF-8 bytes. */
    static String sha256(String text) {
        return HexFormat.of().formatHex(digest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The size of a file, or the total size of a folder's files; 0 when absent. */
    static long size(Path path) {
        try {
            if (Files.isDirectory(path)) {
                try (Stream<Path> s = Files.walk(path)) {
                    return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
                }
            }
            return Files.exists(path) ? Files.size(path) : 0;
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    private static void update(MessageDigest md, Path file) throws IOException {
        byte[] buf = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
