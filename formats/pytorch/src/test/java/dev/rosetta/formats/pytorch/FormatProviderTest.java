package dev.rosetta.formats.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.formats.FileProbe;
import dev.rosetta.formats.FormatRegistry;
import dev.rosetta.formats.pytorch.testing.LegacyFileBuilder;
import dev.rosetta.formats.pytorch.testing.PickleBuilder;
import dev.rosetta.formats.pytorch.zip.ZipWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registration through ServiceLoader and detection by content. */
class FormatProviderTest {
    @TempDir
    Path dir;

    @Test
    void bothProvidersAreRegistered() {
        FormatRegistry r = FormatRegistry.load();
        assertEquals("pytorch", r.byName("pytorch").name());
        assertTrue(r.byName("pytorch").canWrite());
        assertFalse(r.byName("torchscript").canWrite());
        assertEquals("pytorch", r.forOutput(Path.of("out.pt")).name());
        assertEquals("pytorch", r.forOutput(Path.of("out.pth")).name());
        assertEquals(List.of(".pt", ".pth"), r.byName("pytorch").extensions());
    }

    @Test
    void detectionIsByContent() throws Exception {
        Path sd = dir.resolve("weights.bin");
        PyTorchWriter.write(PyTorchWriterTest.everyDtype(), sd, "archive");
        Path ts = dir.resolve("script.pt");
        try (ZipWriter z = ZipWriter.create(ts, 64, false)) {
            z.add("m/data.pkl", PickleBuilder.proto(2).op('N').stop().bytes());
            z.add("m/code/__torch__.py", "class M: pass".getBytes());
            z.add("m/constants.pkl", PickleBuilder.proto(2).emptyTuple().stop().bytes());
            z.finish();
        }
        Path legacy = Files.write(dir.resolve("old.dat"), new LegacyFileBuilder().build(PickleBuilder.proto(2).emptyDict().stop().bytes()));
        Path other = Files.writeString(dir.resolve("notes.pt"), "not a model");
        Path plainZip = dir.resolve("plain.pt");
        try (ZipWriter z = ZipWriter.create(plainZip, 1, false)) {
            z.add("a.txt", "x".getBytes());
            z.finish();
        }
        PyTorchFormat pt = new PyTorchFormat();
        TorchScriptFormat tsf = new TorchScriptFormat();
        assertTrue(pt.detect(FileProbe.of(sd)));
        assertFalse(tsf.detect(FileProbe.of(sd)));
        assertTrue(tsf.detect(FileProbe.of(ts)));
        assertFalse(pt.detect(FileProbe.of(ts)));
        assertTrue(pt.detect(FileProbe.of(legacy)));
        assertFalse(pt.detect(FileProbe.of(other)));
        assertFalse(pt.detect(FileProbe.of(plainZip)));
        assertFalse(pt.detect(FileProbe.of(dir)));
        assertEquals("pytorch", FormatRegistry.load().detect(sd).name());
        assertEquals("torchscript", FormatRegistry.load().detect(ts).name());
    }
}
