package dev.rosetta.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.error.UsageException;
import dev.rosetta.formats.FormatRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder as a batch: detection by content, mirrored outputs, skips with reasons, globs. */
class DirectoryScanTest {
    static final Path GOLDEN = Path.of(System.getProperty("rosetta.golden", "golden-models"));

    @TempDir
    Path dir;

    @BeforeEach
    void copyModels() throws IOException {
        Files.createDirectories(dir.resolve("a/deep"));
        Files.copy(GOLDEN.resolve("convnet_flatten/model.onnx"), dir.resolve("a/deep/net.bin"));
        Files.copy(GOLDEN.resolve("convnet_flatten/state_dict.pt"), dir.resolve("a/net.pt"));
        Files.copy(GOLDEN.resolve("convnet_flatten/model.onnx"), dir.resolve("a/net.onnx"));
        Files.copy(GOLDEN.resolve("convnet_flatten/input.npy"), dir.resolve("a/input.npy"));
        Files.copy(GOLDEN.resolve("convnet_flatten/meta.json"), dir.resolve("meta.json"));
        Files.write(dir.resolve("broken.pt"), java.util.Arrays.copyOf(Files.readAllBytes(dir.resolve("a/net.pt")), 3000));
        Files.createDirectories(dir.resolve(".git"));
        Files.copy(GOLDEN.resolve("convnet_flatten/model.onnx"), dir.resolve(".git/hidden.onnx"));
        Files.createDirectories(dir.resolve("out/old"));
        Files.copy(GOLDEN.resolve("convnet_flatten/model.onnx"), dir.resolve("out/old/previous.onnx"));
    }

    private BatchPlan plan(String to, List<String> include, List<String> exclude) {
        BatchOptions o = BatchOptions.builder(dir, dir.resolve("out")).to(to).include(include).exclude(exclude)
                .jobs(1).build();
        return DirectoryScan.plan(o, FormatRegistry.load());
    }

    @Test
    void findsModelsByContentAndMirrorsTheirPaths() {
        BatchPlan p = plan("pytorch", List.of(), List.of());
        Map<String, Path> outputs = p.jobs().stream().collect(Collectors.toMap(JobSpec::id, JobSpec::output));
        assertEquals(Map.of("a/deep/net.bin", dir.resolve("out/a/deep/net.pt"),
                "a/net.onnx", dir.resolve("out/a/net.onnx.pt")), outputs,
                "net.bin is ONNX by content; a/net.onnx keeps its extension because a/net.pt exists beside it");
        Map<String, String> skipped = p.skipped().stream().collect(Collectors.toMap(JobResult::id, JobResult::error));
        assertEquals(List.of("a/input.npy", "a/net.pt", "broken.pt", "meta.json"), skipped.keySet().stream().sorted()
                .toList(), "hidden folders and --out are not scanned");
        assertEquals("already pytorch", skipped.get("a/net.pt"));
        assertTrue(skipped.get("a/input.npy").contains("array file"), skipped.get("a/input.npy"));
        assertTrue(skipped.get("meta.json").contains("not a model file"), skipped.get("meta.json"));
        // A truncated torch.save zip is still recognized by its first entry (and fails as malformed when read).
        assertEquals("already pytorch", skipped.get("broken.pt"));
        assertTrue(p.jobs().stream().allMatch(j -> j.to().equals("pytorch") && j.verify() == null));
    }

    @Test
    void globsSelectFiles() {
        BatchPlan only = plan("onnx", List.of("*.pt"), List.of());
        assertEquals(List.of("a/net.pt", "broken.pt"), only.jobs().stream().map(JobSpec::id).toList());
        assertEquals(dir.resolve("out/a/net.onnx"), only.jobs().get(0).output());
        BatchPlan without = plan("safetensors", List.of(), List.of("a/deep/**", "*.json"));
        assertEquals(List.of("a/net.onnx", "a/net.pt", "broken.pt"), without.jobs().stream().map(JobSpec::id).toList());
    }

    @Test
    void verifySettingsComeFromTheCommandLine() {
        BatchOptions o = BatchOptions.builder(dir, dir.resolve("out")).to("onnx").verify(true).timeoutSeconds(7)
                .shapes(Map.of("input", "1x3x32x32")).jobs(1).build();
        JobSpec j = DirectoryScan.plan(o, FormatRegistry.load()).jobs().get(0);
        assertEquals(Map.of("input", "1x3x32x32"), j.verify().shapes());
        assertEquals(List.of("--shape", "input=1x3x32x32"), j.verify().arguments());
        assertEquals(7, j.timeoutSeconds());
    }

    @Test
    void aFolderNeedsATarget() {
        UsageException e = assertThrows(UsageException.class, () -> plan(null, List.of(), List.of()));
        assertTrue(e.getMessage().contains("--to"), e.getMessage());
    }
}
