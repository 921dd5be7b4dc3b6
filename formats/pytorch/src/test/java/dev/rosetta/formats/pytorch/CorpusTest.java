package dev.rosetta.formats.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rosetta.error.RosettaException;
import dev.rosetta.formats.FileProbe;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.FormatRegistry;
import dev.rosetta.formats.pytorch.testing.Python;
import dev.rosetta.formats.pytorch.testing.Refs;
import dev.rosetta.ir.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shared corpus ({@code ${rosetta.corpus}}): every file under {@code pytorch-state-dict/} is
 * read or refused with a typed error, and the count read may not drop below what was reached; the
 * tensors read are checked against real PyTorch when it is installed. TorchScript archives under
 * {@code torchscript/} are detected as such and inspected.
 */
class CorpusTest {
    /**
     * Files read when this was last raised: all 53 genuine torch.save files. The 7 refused are
     * {@code broken.pt} (3 bytes of text) and six {@code tar_*.tar} files that are synthetic tar
     * archives no PyTorch can load (torch.load fails on them too).
     */
    static final int MIN_READ = 53;

    private static Path corpus(String sub) {
        Path root = Path.of(System.getProperty("rosetta.corpus", "../../../shared/corpus"));
        return root.resolve(sub);
    }

    private static List<Path> filesUnder(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void everyStateDictIsReadOrRefusedWithATypedError() throws Exception {
        Path dir = corpus("pytorch-state-dict");
        assumeTrue(Files.isDirectory(dir), "corpus absent: " + dir);
        FormatRegistry registry = FormatRegistry.load();
        Map<Path, String> keys = new LinkedHashMap<>();
        List<String> refused = new ArrayList<>();
        for (Path f : filesUnder(dir)) {
            try (Model m = registry.byName("pytorch").read(f, FormatOptions.none())) {
                keys.put(f, m.metadata().get("pytorch.key"));
                assertFalse(m.graph().initializers().isEmpty(), f + " has tensors");
                assertEquals("pytorch", registry.detect(f).name(), f + " detected as pytorch");
            } catch (RosettaException e) {
                refused.add(dir.relativize(f) + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
            } catch (Exception | StackOverflowError e) {
                fail(f + ": untyped " + e, e);
            }
        }
        System.out.println("pytorch-state-dict corpus: " + keys.size() + " read, " + refused.size() + " refused");
        refused.forEach(r -> System.out.println("  refused " + r));
        assertTrue(keys.size() >= MIN_READ, "read " + keys.size() + " files, fewer than the recorded " + MIN_READ);

        if (Python.torchAvailable()) {
            List<String> args = new ArrayList<>(List.of("dump"));
            keys.keySet().forEach(p -> args.add(p.toString()));
            Map<String, List<String>> dumps = Refs.splitDump(Python.run(Python.script("torch_oracle.py"), args.toArray(String[]::new)));
            for (Map.Entry<Path, String> e : keys.entrySet()) {
                List<String> lines = dumps.get(e.getKey().toString());
                assertNotNull(lines, "no torch dump of " + e.getKey());
                try (Model m = new PyTorchFormat().read(e.getKey(), FormatOptions.none())) {
                    Refs.assertModelMatches(m, Refs.parse(lines), e.getValue(), e.getKey().toString());
                }
            }
            System.out.println("pytorch-state-dict corpus: tensors of all " + keys.size() + " read files match torch.load");
        }
    }

    @Test
    void torchScriptArchivesAreDetectedAndInspected() throws Exception {
        Path dir = corpus("torchscript");
        assumeTrue(Files.isDirectory(dir), "corpus absent: " + dir);
        TorchScriptFormat ts = new TorchScriptFormat();
        PyTorchFormat pt = new PyTorchFormat();
        int n = 0;
        for (Path f : filesUnder(dir)) {
            FileProbe probe = FileProbe.of(f);
            assertTrue(ts.detect(probe), f + " is TorchScript");
            assertFalse(pt.detect(probe), f + " is not a state dict");
            assertEquals("torchscript", FormatRegistry.load().detect(f).name());
            try (Model m = ts.read(f, FormatOptions.none())) {
                assertEquals("torchscript", m.sourceFormat());
                assertTrue(m.metadata().get("torchscript.code").contains("code/__torch__.py"), f + ": " + m.metadata());
                assertNotNull(m.metadata().get("torchscript.constants"));
                System.out.println("torchscript " + f.getFileName() + ": " + m.graph().initializers().size()
                        + " tensors " + m.graph().initializers().stream().map(v -> v.name() + v.constant()).toList()
                        + ", class " + m.metadata().get("torchscript.class") + ", constants "
                        + m.metadata().get("torchscript.constants")
                        + (m.metadata().containsKey("torchscript.parameters") ? ", " + m.metadata().get("torchscript.parameters") : ""));
            }
            n++;
        }
        assertTrue(n > 0, "no TorchScript files in " + dir);
    }
}
