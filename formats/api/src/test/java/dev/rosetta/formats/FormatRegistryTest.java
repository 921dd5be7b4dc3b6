package dev.rosetta.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.error.ExitCode;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.error.UsageException;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FormatRegistryTest {
    @TempDir
    Path dir;

    /** Recognizes files that start with "FAKE". */
    static final class FakeFormat implements FormatProvider {
        @Override public String name() { return "fake"; }
        @Override public String description() { return "a test format"; }
        @Override public List<String> extensions() { return List.of(".fake"); }
        @Override public boolean canRead() { return true; }
        @Override public boolean canWrite() { return true; }
        @Override public String supportStatement() { return "everything"; }
        @Override public boolean detect(FileProbe probe) { return probe.startsWith("FAKE"); }
        @Override public Model read(Path path, FormatOptions options) { return new Model(new Graph("fake"), "fake"); }
        @Override public void write(Model model, Path target, FormatOptions options) throws IOException {
            Files.writeString(target, "FAKE");
        }
    }

    private final FormatRegistry registry = new FormatRegistry(List.of(new FakeFormat()));

    @Test
    void detectsByContentNotExtension() throws IOException {
        Path f = dir.resolve("misnamed.txt");
        Files.writeString(f, "FAKE data");
        assertEquals("fake", registry.detect(f).name());
    }

    @Test
    void unknownContentListsWhatExists() throws IOException {
        Path f = dir.resolve("x.fake");
        Files.writeString(f, "nope");
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, () -> registry.detect(f));
        assertTrue(e.getMessage().contains("looked for: fake"), e.getMessage());
        assertEquals(ExitCode.UNSUPPORTED, e.exitCode());
    }

    @Test
    void missingFileIsAUsageError() {
        UsageException e = assertThrows(UsageException.class, () -> registry.detect(dir.resolve("missing")));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void lookupsByNameAndExtensionListAlternatives() {
        assertEquals("fake", registry.byName("FAKE").name());
        assertEquals("fake", registry.forOutput(dir.resolve("out.fake")).name());
        UsageException byName = assertThrows(UsageException.class, () -> registry.byName("tflite"));
        assertTrue(byName.getMessage().contains("known formats: fake"), byName.getMessage());
        UsageException byExt = assertThrows(UsageException.class, () -> registry.forOutput(dir.resolve("out.xyz")));
        assertTrue(byExt.getMessage().contains(".fake"), byExt.getMessage());
    }

    @Test
    void loadFindsNothingWithoutServiceFiles() {
        assertTrue(FormatRegistry.load().all().stream().noneMatch(p -> p.name().equals("fake")));
    }
}
