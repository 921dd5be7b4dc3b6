package dev.rosetta.formats.zip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Archives written by {@link StoredZipWriter} (entries written in place and streamed) read back
 * through {@code java.util.zip} and through Python's {@code zipfile} (its {@code testzip} checks
 * every CRC), with the ZIP64 records a real archive needs past 4 GiB exercised by a low limit on
 * small archives (16: the larger entries and later offsets; 0: everything).
 */
class StoredZipWriterTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {0xFFFFFFFFL, 16, 0})
    void readsBackWithJavaAndPython(long limit) throws Exception {
        byte[] small = "{\"keras_version\": \"3.6.0\"}".getBytes(StandardCharsets.UTF_8);
        byte[] big = new byte[300_001];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + i / 255);
        }
        Path zip = dir.resolve("m.keras");
        try (FileChannel ch = FileChannel.open(zip, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            StoredZipWriter w = new StoredZipWriter(ch, limit);
            w.add("metadata.json", small);
            w.add("model.weights.h5", big.length, (c, at) -> {
                ByteBuffer b = ByteBuffer.wrap(big);
                for (long p = at; b.hasRemaining(); ) {
                    p += c.write(b, p);
                }
            });
            w.add("config.json", new byte[0]);
            w.addStreamed("arr_0.npy", big.length, sink -> {
                sink.accept(ByteBuffer.wrap(big, 0, 1000));
                sink.accept(ByteBuffer.wrap(big, 1000, big.length - 1000));
            });
            w.finish();
        }
        try (ZipFile z = new ZipFile(zip.toFile())) {
            List<String> names = new ArrayList<>();
            z.stream().forEach(e -> names.add(e.getName()));
            assertEquals(List.of("metadata.json", "model.weights.h5", "config.json", "arr_0.npy"), names);
            assertArrayEquals(big, read(z, "arr_0.npy"));
            assertArrayEquals(small, read(z, "metadata.json"));
            assertArrayEquals(big, read(z, "model.weights.h5"));
            assertEquals(0, read(z, "config.json").length);
            assertEquals(ZipEntry.STORED, z.getEntry("model.weights.h5").getMethod());
        }
        Path py = Path.of("/usr/bin/python3");
        Assumptions.assumeTrue(Files.isExecutable(py), "/usr/bin/python3 not available");
        Process p = new ProcessBuilder(py.toString(), "-c", String.join("\n",
                "import sys, zipfile, hashlib",
                "z = zipfile.ZipFile(sys.argv[1])",
                "assert z.testzip() is None",
                "print(' '.join('%s:%d:%s' % (i.filename, i.file_size, hashlib.sha256(z.read(i)).hexdigest()[:8])"
                        + " for i in z.infolist()))"), zip.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        assertEquals("metadata.json:" + small.length + ":" + sha(small) + " model.weights.h5:" + big.length + ":"
                + sha(big) + " config.json:0:" + sha(new byte[0]) + " arr_0.npy:" + big.length + ":" + sha(big), out);
    }

    private static byte[] read(ZipFile z, String name) throws IOException {
        try (var in = z.getInputStream(z.getEntry(name))) {
            return in.readAllBytes();
        }
    }

    private static String sha(byte[] b) throws Exception {
        byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(b);
        return java.util.HexFormat.of().formatHex(d).substring(0, 8);
    }
}
