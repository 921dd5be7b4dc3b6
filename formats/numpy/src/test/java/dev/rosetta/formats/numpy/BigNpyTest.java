package dev.rosetta.formats.numpy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.ir.DType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 3 GiB {@code .npy}, made in an instant as a sparse file, is read element-exact at its last
 * index by a child JVM limited to {@code -Xmx512m}: the data must be mapped, never copied to the
 * heap.
 */
class BigNpyTest {
    private static final long ROWS = 24_576;
    private static final long COLS = 32_768;
    private static final float LAST = 1234.5677f;

    @TempDir
    Path dir;

    @Test
    void readsTheLastElementOfAThreeGibFileWithAHalfGibHeap() throws Exception {
        Assumptions.assumeTrue(Files.getFileStore(dir).getUsableSpace() > (4L << 30),
                "fewer than 4 GiB free under " + dir + " (the file is sparse, but a file system without holes needs it all)");
        Path file = dir.resolve("big.npy");
        long dataBytes = ROWS * COLS * Float.BYTES;
        assertEquals(3L << 30, dataBytes);
        long total;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] header = NpyWriter.header(DType.FLOAT32, new long[] {ROWS, COLS});
            ch.write(ByteBuffer.wrap(header));
            total = header.length + dataBytes;
            ByteBuffer last = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(LAST).flip();
            ch.write(last, total - 4);
        }
        try {
            assertEquals(total, Files.size(file));
            Map<String, String> out = runChild(file);
            assertEquals("numpy", out.get("detected"));
            assertEquals("big", out.get("name"));
            assertEquals("[" + ROWS + ", " + COLS + "]", out.get("shape"));
            assertEquals(Long.toString(dataBytes), out.get("bytes"));
            assertEquals("true", out.get("mapped"));
            assertEquals(Integer.toHexString(Float.floatToRawIntBits(LAST)), out.get("lastBits"), "last element exact");
            assertEquals("0.0", out.get("middle"));
            assertTrue(Long.parseLong(out.get("maxHeap")) <= 512L << 20, "child heap is capped: " + out);
            System.out.println("BigNpyTest child: " + out);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static Map<String, String> runChild(Path file) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-Xmx512m", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), BigNpyMain.class.getName(), file.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), () -> "child JVM failed:\n" + text);
        Map<String, String> out = new HashMap<>();
        for (String line : text.split("\\R")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return out;
    }
}
