package dev.rosetta.formats.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rosetta.formats.FileProbe;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.pytorch.pickle.UnsafePickleException;
import dev.rosetta.formats.pytorch.testing.Python;
import dev.rosetta.formats.pytorch.testing.Refs;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real PyTorch as the oracle, both ways: files made by {@code torch.save} (zip and legacy, every
 * dtype, views with offsets, transposed, expanded and channels-last tensors, shared storages,
 * nested checkpoints, pickle protocol 4, big-endian archives) read to exactly the bytes torch
 * reads; and every model read is written back by our writer and loaded by
 * {@code torch.load(weights_only=True)}, bit-identical to the original. Skipped without
 * {@code /usr/bin/python3} and torch.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TorchOracleTest {
    /** Where the state dict sits in the checkpoint files. */
    private static final Map<String, String> KEYS = Map.of("zip_checkpoint.pt", "model", "legacy_checkpoint.pt", "model");

    private Path dir;

    @BeforeAll
    void makeFiles(@TempDir Path tmp) throws Exception {
        dir = tmp;
        assumeTrue(Python.torchAvailable(), "needs /usr/bin/python3 with torch (python3-torch) for the oracle");
        Python.run(Python.script("torch_oracle.py"), "make", dir.toString());
    }

    private List<Path> files() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".pt") && !p.getFileName().toString().contains("whole_module"))
                    .sorted().toList();
        }
    }

    @Test
    void readsWhatTorchReadsBitForBit() throws Exception {
        List<Path> files = files();
        assertTrue(files.size() >= 20, "generated files: " + files);
        PyTorchFormat format = new PyTorchFormat();
        for (Path f : files) {
            String name = f.getFileName().toString();
            assertTrue(format.detect(FileProbe.of(f)), name + " detected");
            try (Model m = format.read(f, FormatOptions.none())) {
                String key = KEYS.getOrDefault(name, "");
                assertEquals(key, m.metadata().get("pytorch.key"), name + " key");
                assertEquals(name.startsWith("legacy") ? "legacy" : "zip", m.metadata().get("pytorch.format"), name);
                Refs.assertModelMatches(m, Refs.read(Path.of(f + ".ref")), key, name);
                if (name.contains("bigendian")) {
                    assertTrue(m.graph().initializers().stream().map(Value::constant)
                            .filter(t -> t.dtype().byteSize() > 1)
                            .allMatch(t -> t.byteOrder() == ByteOrder.BIG_ENDIAN), name + " keeps big-endian order");
                }
            }
        }
    }

    @Test
    void viewsAreMappedOrGatheredAndSharedStoragesShared() throws Exception {
        for (String prefix : new String[]{"zip_", "legacy_"}) {
            try (Model m = new PyTorchFormat().read(dir.resolve(prefix + "views.pt"), FormatOptions.none())) {
                Tensor slice = m.graph().initializer("slice").constant();
                Tensor base = m.graph().initializer("base").constant();
                assertTrue(slice.data().isMapped(), prefix + "contiguous views are slices of the mapped file");
                assertEquals(base.data().address() + 10 * 4, slice.data().address(), prefix + "slice views base at offset 10");
                assertFalse(m.graph().initializer("transposed").constant().data().isMapped(), "transposed is gathered");
            }
            try (Model m = new PyTorchFormat().read(dir.resolve(prefix + "shared.pt"), FormatOptions.none())) {
                Tensor a = m.graph().initializer("a").constant();
                Tensor b = m.graph().initializer("b").constant();
                Tensor row1 = m.graph().initializer("row1").constant();
                assertEquals(a.data().address(), b.data().address(), "one storage, one mapping");
                assertEquals(a.data().address() + 16, row1.data().address());
                assertNotEquals(a.data().address(), m.graph().initializer("col2").constant().data().address());
            }
        }
    }

    @Test
    void checkpointMetadataListsWhatWasSkipped() throws Exception {
        try (Model m = new PyTorchFormat().read(dir.resolve("zip_checkpoint.pt"), FormatOptions.none())) {
            String skipped = m.metadata().get("pytorch.skipped");
            for (String s : new String[]{"optimizer (dict, 1 tensor)", "epoch (int)", "best (float)", "name (str)",
                    "dtype (TorchDtype)", "shape (tuple)", "tags (set)", "blob (bytes)", "big (int)", "none (NoneType)",
                    "np_acc (numpy.core.multiarray.scalar)", "np_array (numpy.core.multiarray._reconstruct)",
                    "np_dtype (numpy.dtype)"}) {
                assertTrue(skipped.contains(s), s + " in " + skipped);
            }
            assertTrue(m.metadata().get("pytorch.archive_version").matches("\\d+"));
        }
    }

    @Test
    void torchScriptParametersAreTheStateDict() throws Exception {
        Path f = dir.resolve("script_net.ts");
        assertTrue(new TorchScriptFormat().detect(FileProbe.of(f)));
        assertFalse(new PyTorchFormat().detect(FileProbe.of(f)));
        try (Model m = new TorchScriptFormat().read(f, FormatOptions.none())) {
            Refs.assertModelMatches(m, Refs.read(Path.of(f + ".ref")), "", "script_net.ts");
            assertEquals("__torch__.torch.nn.modules.container.Sequential", m.metadata().get("torchscript.class"));
            assertTrue(m.metadata().get("torchscript.code").contains(".py"), m.metadata().toString());
        }
    }

    @Test
    void wholePickledModulesAreRefused() {
        for (String f : new String[]{"zip_whole_module.pt", "legacy_whole_module.pt"}) {
            UnsafePickleException e = assertThrows(UnsafePickleException.class,
                    () -> new PyTorchFormat().read(dir.resolve(f), FormatOptions.none()));
            assertTrue(e.getMessage().contains("torch.nn.modules.linear.Linear"), e.getMessage());
            assertTrue(e.getMessage().contains("state_dict()"), e.getMessage());
        }
    }

    @Test
    void ourFilesLoadInTorchWithWeightsOnlyBitIdentical() throws Exception {
        Path out = Files.createDirectories(dir.resolve("written"));
        StringBuilder manifest = new StringBuilder();
        List<Path> files = files();
        for (Path f : files) {
            String name = f.getFileName().toString();
            Path written = out.resolve(name);
            try (Model m = new PyTorchFormat().read(f, FormatOptions.none())) {
                new PyTorchFormat().write(m, written, FormatOptions.none());
            }
            Path original = f.resolveSibling(name.replace("bigendian_", "")); // torch 1.13 cannot read big-endian
            manifest.append(written).append('\t').append(original).append('\t').append(KEYS.getOrDefault(name, "")).append('\n');
        }
        Path list = dir.resolve("manifest.tsv");
        Files.writeString(list, manifest);
        String result = Python.run(Python.script("torch_oracle.py"), "check", list.toString());
        List<String> failures = new ArrayList<>();
        int ok = 0;
        for (String line : result.split("\n")) {
            if (line.startsWith("FAIL")) {
                failures.add(line);
            } else if (line.startsWith("OK")) {
                ok++;
            }
        }
        assertEquals(List.of(), failures);
        assertEquals(files.size(), ok, result);
    }
}
