package dev.rosetta.formats.pytorch.testing;

import dev.rosetta.formats.pytorch.zip.ZipWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Builds torch-style zip archives from given entries, for malformed-input tests. */
public final class TestFiles {
    private TestFiles() {
    }

    /** A zip with {@code archive/data.pkl} = {@code pickle}, {@code archive/data/<k>} = each storage, version 3. */
    public static Path torchZip(Path file, byte[] pickle, Map<String, byte[]> storages) throws IOException {
        try (ZipWriter z = ZipWriter.create(file, 64, false)) {
            z.add("archive/data.pkl", pickle);
            for (Map.Entry<String, byte[]> e : storages.entrySet()) {
                z.add("archive/data/" + e.getKey(), e.getValue());
            }
            z.add("archive/version", "3\n".getBytes());
            z.finish();
        }
        return file;
    }
}
