package dev.rosetta.formats;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What format detection may look at: the path, its size, the first bytes, and (for zip files)
 * the entry names. Reads at most {@value #HEAD_BYTES} bytes and the zip directory, lazily, so
 * probing every provider costs one small read.
 */
public final class FileProbe {
    /** How many leading bytes {@link #head()} holds at most. */
    public static final int HEAD_BYTES = 4096;
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    private static final byte[] EMPTY_ZIP_MAGIC = {'P', 'K', 5, 6};

    private final Path path;
    private final boolean directory;
    private final long size;
    private final byte[] head;
    private List<String> zipEntries;

    private FileProbe(Path path, boolean directory, long size, byte[] head) {
        this.path = path;
        this.directory = directory;
        this.size = size;
        this.head = head;
    }

    /** Probes an existing file or directory. */
    public static FileProbe of(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            return new FileProbe(path, true, 0, new byte[0]);
        }
        long size = Files.size(path);
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(HEAD_BYTES);
        }
        return new FileProbe(path, false, size, head);
    }

    public Path path() {
        return path;
    }

    public boolean isDirectory() {
        return directory;
    }

    public long size() {
        return size;
    }

    /** The first bytes of the file (fewer when the file is shorter), as a copy. */
    public byte[] head() {
        return head.clone();
    }

    /** True when the file begins with {@code prefix}. */
    public boolean startsWith(byte[] prefix) {
        if (head.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (head[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** True when the file begins with the ASCII text {@code prefix}. */
    public boolean startsWith(String prefix) {
        return startsWith(prefix.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The file name in lower case. */
    public String fileName() {
        Path f = path.getFileName();
        return f == null ? "" : f.toString().toLowerCase(java.util.Locale.ROOT);
    }

    /** True when the file begins with a zip local header. */
    public boolean isZip() {
        return startsWith(ZIP_MAGIC) || startsWith(EMPTY_ZIP_MAGIC);
    }

    /**
     * The entry names of a zip file, or an empty list when the file is not a readable zip.
     */
    public List<String> zipEntryNames() {
        if (zipEntries == null) {
            zipEntries = readZipEntries();
        }
        return zipEntries;
    }

    private List<String> readZipEntries() {
        if (directory || !isZip()) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(path.toFile())) {
            var it = zip.entries();
            while (it.hasMoreElements() && names.size() < 100_000) {
                ZipEntry e = it.nextElement();
                names.add(e.getName());
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        return Collections.unmodifiableList(names);
    }
}
