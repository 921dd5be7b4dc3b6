package dev.rosetta.formats.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model over 2 GB round-trips through external data in a JVM limited to 1 GB of heap. Writes
 * about 4.5 GB to disk (a sparse source and the side file), so it is tagged {@code large} and left
 * out of the default build: run it with {@code mvn -pl formats/onnx test -Dgroups=large}.
 */
@Tag("large")
class LargeModelTest {
    @TempDir
    Path dir;

    @Test
    void overTwoGigabytesRoundTripsWithExternalDataInOneGigabyteOfHeap() throws IOException, InterruptedException {
        assumeTrue(Files.getFileStore(dir).getUsableSpace() > 6L << 30, "needs 6 GB of free disk");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(List.of(java.toString(), "-Xmx1g", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), LargeModelMain.class.getName(), dir.toString()))
                .redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.MINUTES), "child JVM timed out");
        System.out.println(out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("LARGE-OK"), out);
    }
}
