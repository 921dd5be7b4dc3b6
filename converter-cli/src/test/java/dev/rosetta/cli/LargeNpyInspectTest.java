package dev.rosetta.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 3 GiB .npy is inspected by the CLI in a JVM limited to 512 MiB of heap: the array is mapped,
 * never copied into the heap. The file is sparse, so the test writes only a few bytes.
 */
class LargeNpyInspectTest {
    @TempDir
    Path dir;

    @Test
    void threeGibibyteNpyInspectsWithSmallHeap() throws Exception {
        long elements = 3L * 1024 * 1024 * 1024 / 4; // 3 GiB of float32
        Path npy = dir.resolve("big.npy");
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + elements + ",), }";
        int pad = (64 - (10 + header.length() + 1) % 64) % 64;
        byte[] h = (header + " ".repeat(pad) + "\n").getBytes(StandardCharsets.US_ASCII);
        try (RandomAccessFile f = new RandomAccessFile(npy.toFile(), "rw")) {
            ByteBuffer pre = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
            pre.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0)
                    .putShort((short) h.length);
            f.write(pre.array());
            f.write(h);
            f.setLength(10 + h.length + elements * 4);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx512m", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "inspect", "--json", npy.toString()))
                .redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "inspect did not finish");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("\"bytes\" : " + elements * 4), out);
        assertTrue(out.contains(Long.toString(elements)), out);
        Files.delete(npy);
    }
}
