package dev.rosetta.formats.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.pytorch.testing.Python;
import dev.rosetta.ir.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden state dicts ({@code ${rosetta.golden}/<model>/state_dict.pt}, made by real PyTorch):
 * our reader, then our writer, then {@code torch.load(weights_only=True)} gives tensors
 * bit-identical to {@code torch.load} of the original, under the same names and in the same order.
 * Skipped when there are no golden models or no torch.
 */
class GoldenRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void goldenStateDictsRoundTripBitIdentical() throws Exception {
        Path golden = Path.of(System.getProperty("rosetta.golden", "../../golden-models"));
        List<Path> dicts = new ArrayList<>();
        if (Files.isDirectory(golden)) {
            try (Stream<Path> s = Files.list(golden)) {
                s.map(d -> d.resolve("state_dict.pt")).filter(Files::isRegularFile).sorted().forEach(dicts::add);
            }
        }
        assumeTrue(!dicts.isEmpty(), "no golden state dicts under " + golden + " (scripts/generate_golden_torch.py makes them)");
        assumeTrue(Python.torchAvailable(), "needs /usr/bin/python3 with torch");
        StringBuilder manifest = new StringBuilder();
        for (Path sd : dicts) {
            Path out = dir.resolve(sd.getParent().getFileName() + ".pt");
            try (Model m = new PyTorchFormat().read(sd, FormatOptions.none())) {
                new PyTorchFormat().write(m, out, FormatOptions.none());
            }
            manifest.append(out).append('\t').append(sd).append("\t\n");
        }
        Path list = Files.writeString(dir.resolve("manifest.tsv"), manifest);
        String result = Python.run(Python.script("torch_oracle.py"), "check", list.toString());
        System.out.print(result);
        assertEquals(dicts.size(), result.lines().filter(l -> l.startsWith("OK")).count(), result);
    }
}
