package dev.rosetta.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.RosettaIOException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicOutputTest {
    @TempDir
    Path dir;

    private long entries() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void successReplacesTheTarget() throws IOException {
        Path out = dir.resolve("model.bin");
        Files.writeString(out, "old");
        AtomicOutput.write(out, tmp -> Files.writeString(tmp, "new"));
        assertEquals("new", Files.readString(out));
        assertEquals(1, entries());
    }

    @Test
    void writerFailureLeavesThePreviousOutputAndNoTemporary() throws IOException {
        Path out = dir.resolve("model.bin");
        Files.writeString(out, "old");
        assertThrows(MalformedInputException.class, () -> AtomicOutput.write(out, tmp -> {
            Files.writeString(tmp, "half");
            throw new MalformedInputException(null, "test", "boom");
        }));
        assertEquals("old", Files.readString(out));
        assertEquals(1, entries());
    }

    @Test
    void ioFailureBecomesATypedErrorAndLeavesNothing() throws IOException {
        Path out = dir.resolve("model.bin");
        RosettaIOException e = assertThrows(RosettaIOException.class, () -> AtomicOutput.write(out, tmp -> {
            Files.writeString(tmp, "half");
            throw new IOException("No space left on device");
        }));
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertFalse(Files.exists(out));
        assertEquals(0, entries());
    }

    @Test
    void directoryOutputsReplaceAWholeFolder() throws IOException {
        Path out = dir.resolve("saved");
        Files.createDirectories(out.resolve("variables"));
        Files.writeString(out.resolve("old.txt"), "old");
        AtomicOutput.write(out, tmp -> {
            Files.createDirectories(tmp);
            Files.writeString(tmp.resolve("saved_model.pb"), "pb");
        });
        assertTrue(Files.exists(out.resolve("saved_model.pb")));
        assertFalse(Files.exists(out.resolve("old.txt")));
        assertEquals(1, entries());
    }

    @Test
    void staleTemporariesOfAKilledRunAreCleanedUp() throws IOException {
        Path out = dir.resolve("model.bin");
        Files.writeString(dir.resolve(".model.bin" + AtomicOutput.TEMP_MARKER + "dead"), "half");
        Files.writeString(dir.resolve("other.bin"), "keep");
        AtomicOutput.write(out, tmp -> Files.writeString(tmp, "new"));
        assertEquals(2, entries());
        assertEquals("keep", Files.readString(dir.resolve("other.bin")));
    }
}
