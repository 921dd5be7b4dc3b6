package dev.rosetta.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sizes a file claims are checked before anything is allocated, and nesting is bounded: every
 * {@link HostileFiles} case gives its typed error within {@link ReadOracle#TIME_LIMIT_SECONDS}
 * (the bound for a read; not a performance assertion), in this JVM and in a child JVM
 * whose heap and direct memory are 256 MiB.
 */
class ResourceLimitsTest {
    @TempDir
    static Path dir;

    @TestFactory
    Stream<DynamicTest> everyClaimIsCheckedInThisJvm() throws IOException {
        List<HostileFiles.Case> cases = HostileFiles.write(dir.resolve("in-process"));
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> assertNull(HostileFiles.judge(c),
                () -> c.name() + ": " + HostileFiles.judge(c))));
    }

    @Test
    void everyClaimIsCheckedWithA256MiBHeap() throws Exception {
        Path out = dir.resolve("child.log");
        Process p = new ProcessBuilder(TestFiles.javaCommand("-Xmx256m", "-XX:MaxDirectMemorySize=256m",
                HostileFiles.class.getName(), dir.resolve("child").toString()))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean ended = p.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            p.destroyForcibly();
        }
        String log = Files.readString(out, StandardCharsets.UTF_8);
        assertTrue(ended, "the child JVM did not finish:\n" + log);
        int cases = HostileFiles.writeUnchecked(dir.resolve("count")).size();
        long ok = log.lines().filter(l -> l.startsWith("OK ")).count();
        assertEquals(0, p.exitValue(), "cases failed with a 256 MiB heap:\n" + log);
        assertEquals(cases, ok, "every case reports OK:\n" + log);
    }
}
