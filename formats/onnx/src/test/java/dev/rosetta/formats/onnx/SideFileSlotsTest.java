package dev.rosetta.formats.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.formats.AtomicOutput;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.ir.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replacing a model that keeps its tensors in a side file never touches the side file the previous
 * model reads: a run killed after the new side file is in place but before the new model is leaves
 * the previous pair intact, and a completed run removes the previous side file.
 */
class SideFileSlotsTest {
    private static final FormatOptions EXTERNAL = FormatOptions.none().with("external-data", "true");

    @TempDir
    Path dir;

    @Test
    void aKilledReplacementLeavesThePreviousModelAndItsSideFileIntact() throws Exception {
        Path target = dir.resolve("m.onnx");
        OnnxFormat onnx = new OnnxFormat();
        try (Model m = TestModels.smallCnn()) {
            AtomicOutput.write(target, tmp -> onnx.write(m, tmp, EXTERNAL));
            onnx.committed(target);
        }
        assertEquals(Set.of("m.onnx.data"), SideFileSlots.referencedLocations(target));
        byte[] previousModel = Files.readAllBytes(target);
        byte[] previousData = Files.readAllBytes(dir.resolve("m.onnx.data"));

        // The writer half of a replacement, as AtomicOutput runs it, then the process dies before the rename.
        Path temporary = dir.resolve(".m.onnx" + AtomicOutput.TEMP_MARKER + "killed");
        try (Model m = TestModels.smallCnn()) {
            onnx.write(m, temporary, EXTERNAL);
        }
        assertEquals(Set.of("m.onnx.1.data"), SideFileSlots.referencedLocations(temporary),
                "the new model reads the slot the previous one does not");
        assertArrayEquals(previousModel, Files.readAllBytes(target), "the previous model is untouched");
        assertArrayEquals(previousData, Files.readAllBytes(dir.resolve("m.onnx.data")),
                "the previous model's side file is untouched");
        try (Model back = OnnxReader.read(target, OnnxReader.Mode.STRICT); Model orig = TestModels.smallCnn()) {
            assertTrue(back.graph().initializer("fc.weight").constant()
                    .contentEquals(orig.graph().initializer("fc.weight").constant()), "the previous pair still reads");
        }

        // The next complete run: the leftovers go, the new pair is consistent.
        try (Model m = TestModels.smallCnn()) {
            AtomicOutput.write(target, tmp -> onnx.write(m, tmp, EXTERNAL));
            onnx.committed(target);
        }
        Set<String> used = SideFileSlots.referencedLocations(target);
        assertEquals(1, used.size());
        assertEquals(List.of("m.onnx", used.iterator().next()), list(),
                "one model, the side file it reads, no temporaries, no previous side file");
        try (Model back = OnnxReader.read(target, OnnxReader.Mode.STRICT); Model orig = TestModels.smallCnn()) {
            assertTrue(back.graph().initializer("fc.weight").constant()
                    .contentEquals(orig.graph().initializer("fc.weight").constant()));
        }
    }

    @Test
    void replacingWithAnInlineModelRemovesThePreviousSideFile() throws Exception {
        Path target = dir.resolve("m.onnx");
        OnnxFormat onnx = new OnnxFormat();
        try (Model m = TestModels.smallCnn()) {
            AtomicOutput.write(target, tmp -> onnx.write(m, tmp, EXTERNAL));
            onnx.committed(target);
            assertEquals(List.of("m.onnx", "m.onnx.data"), list());
            AtomicOutput.write(target, tmp -> onnx.write(m, tmp, FormatOptions.none()));
            onnx.committed(target);
        }
        assertEquals(List.of("m.onnx"), list());
        assertEquals(Set.of(), SideFileSlots.referencedLocations(target));
    }

    @Test
    void somethingThatIsNotAModelReferencesNothing() throws Exception {
        Path junk = dir.resolve("junk.onnx");
        Files.write(junk, new byte[] {0x3a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 1, 2});
        assertEquals(Set.of(), SideFileSlots.referencedLocations(junk));
        assertEquals("junk.onnx.data", SideFileSlots.freeSlot(dir, "junk.onnx"));
        assertEquals(Set.of(), SideFileSlots.referencedLocations(dir.resolve("absent.onnx")));
    }

    private List<String> list() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
