package dev.rosetta.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.error.UsageException;
import dev.rosetta.formats.FormatRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Manifest parsing: both syntaxes, defaults and their precedence, paths, and schema errors. */
class ManifestTest {
    static final FormatRegistry REGISTRY = FormatRegistry.load();

    @TempDir
    Path dir;

    private BatchOptions options(Path manifest) {
        return BatchOptions.builder(manifest, dir.resolve("out")).jobs(1).timeoutSeconds(100).build();
    }

    private BatchPlan plan(String name, String text) throws IOException {
        Path m = Files.writeString(dir.resolve(name), text);
        return Manifest.plan(m, options(m), REGISTRY);
    }

    @Test
    void jsonAndYamlGiveTheSameJobs() throws IOException {
        BatchPlan json = plan("m.json", """
                {"version": 1,
                 "defaults": {"to": "onnx", "verify": true, "atol": 1e-5, "write_options": {"opset": "17"}},
                 "jobs": [
                   {"input": "models/a.pt", "shapes": {"input": [1, 3, 32, 32]}, "write_options": {"x": "1"}},
                   {"input": "b.onnx", "to": "pytorch", "output": "/abs/b.pt", "verify": false, "timeout": 5,
                    "key": "state_dict", "id": "bee"}
                 ]}
                """);
        BatchPlan yaml = plan("m.yaml", """
                version: 1
                defaults:
                  to: onnx
                  verify: true
                  atol: 1.0e-5
                  write_options: {opset: 17}
                jobs:
                  - input: models/a.pt
                    shapes: {input: 1x3x32x32}
                    write_options:
                      x: 1
                  - {input: b.onnx, to: pytorch, output: /abs/b.pt, verify: false, timeout: 5, key: state_dict, id: bee}
                """);
        assertEquals(json.jobs(), yaml.jobs());
        assertEquals(json.jobsSha256(), yaml.jobsSha256());

        JobSpec a = json.jobs().get(0);
        assertEquals("a.onnx", a.id().substring(a.id().lastIndexOf('/') + 1));
        assertEquals(dir.resolve("models/a.pt"), a.input(), "inputs are relative to the manifest");
        assertEquals(dir.resolve("out/models/a.onnx"), a.output(), "the output mirrors the input under --out");
        assertEquals("onnx", a.to());
        assertEquals(Map.of("opset", "17", "x", "1"), a.writeOptions(), "option maps merge key by key");
        assertEquals(1e-5, a.verify().atol());
        assertEquals(Map.of("input", "1x3x32x32"), a.verify().shapes());
        assertEquals(100, a.timeoutSeconds(), "--timeout when the manifest names none");

        JobSpec b = json.jobs().get(1);
        assertEquals("bee", b.id());
        assertEquals(Path.of("/abs/b.pt"), b.output());
        assertNull(b.verify(), "the job's verify: false wins over the defaults");
        assertEquals(Map.of("key", "state_dict"), b.readOptions());
        assertEquals(5, b.timeoutSeconds());
    }

    @Test
    void manifestShapesOverrideTheCommandLineNameByName() throws IOException {
        Path m = Files.writeString(dir.resolve("s.yaml"), """
                - {input: a.pt, to: onnx, verify: true, shapes: {input: [2, 3, 8, 8]}}
                - {input: b.pt, to: onnx, verify: true}
                """);
        BatchOptions o = BatchOptions.builder(m, dir.resolve("out")).shapes(Map.of("input", "1x3x4x4", "mask", "1x4"))
                .jobs(1).build();
        List<JobSpec> jobs = Manifest.plan(m, o, REGISTRY).jobs();
        assertEquals(Map.of("input", "2x3x8x8", "mask", "1x4"), jobs.get(0).verify().shapes());
        assertEquals(Map.of("input", "1x3x4x4", "mask", "1x4"), jobs.get(1).verify().shapes());
    }

    @Test
    void aTopLevelListIsAManifestAndTheTargetCanComeFromTheOutput() throws IOException {
        BatchPlan p = plan("list.json", "[{\"input\": \"a.onnx\", \"output\": \"x/a.safetensors\"}]");
        assertEquals("safetensors", p.jobs().get(0).to());
        assertEquals("x/a.safetensors", p.jobs().get(0).id());
    }

    @Test
    void theSettingsHashIgnoresIdAndTimeoutOnly() throws IOException {
        JobSpec a = plan("a.json", "[{\"input\": \"a.onnx\", \"to\": \"pytorch\"}]").jobs().get(0);
        JobSpec renamed = plan("b.json", "[{\"input\": \"a.onnx\", \"to\": \"pytorch\", \"id\": \"z\", \"timeout\": 9}]")
                .jobs().get(0);
        JobSpec other = plan("c.json", "[{\"input\": \"a.onnx\", \"to\": \"pytorch\", \"opset\": 13}]").jobs().get(0);
        assertEquals(a.sha256(), renamed.sha256());
        assertNotEquals(a.sha256(), other.sha256());
    }

    @Test
    void schemaErrorsNameTheJobAndTheKey() {
        UsageException typo = assertThrows(UsageException.class,
                () -> plan("t.json", "[{\"input\": \"a.onnx\", \"to\": \"onnx\", \"rtoll\": 1}]"));
        assertTrue(typo.getMessage().contains("job 1") && typo.getMessage().contains("'rtoll'"), typo.getMessage());
        UsageException noTarget = assertThrows(UsageException.class, () -> plan("n.json", "[{\"input\": \"a.onnx\"}]"));
        assertTrue(noTarget.getMessage().contains("no target format"), noTarget.getMessage());
        UsageException noInput = assertThrows(UsageException.class, () -> plan("i.json", "[{\"to\": \"onnx\"}]"));
        assertTrue(noInput.getMessage().contains("'input' is missing"), noInput.getMessage());
        UsageException badYaml = assertThrows(UsageException.class, () -> plan("b.yaml", "jobs: [\n  - input: a\n  -"));
        assertTrue(badYaml.getMessage().contains("line"), badYaml.getMessage());
        UsageException unknownFormat = assertThrows(UsageException.class,
                () -> plan("f.json", "[{\"input\": \"a.onnx\", \"to\": \"tflite\"}]"));
        assertTrue(unknownFormat.getMessage().contains("unknown format 'tflite'"), unknownFormat.getMessage());
        UsageException badBool = assertThrows(UsageException.class,
                () -> plan("v.json", "[{\"input\": \"a.onnx\", \"to\": \"onnx\", \"verify\": \"yes\"}]"));
        assertTrue(badBool.getMessage().contains("true or false"), badBool.getMessage());
    }

    @Test
    void outputsMustBeDistinctAndStayOffTheBatchFiles() {
        UsageException same = assertThrows(UsageException.class, () -> plan("d.json",
                "[{\"input\": \"a.onnx\", \"output\": \"m.pt\"}, {\"input\": \"b.onnx\", \"output\": \"m.pt\"}]"));
        assertTrue(same.getMessage().contains("both write"), same.getMessage());
        UsageException reserved = assertThrows(UsageException.class,
                () -> plan("r.json", "[{\"input\": \"a.onnx\", \"to\": \"pytorch\", \"output\": \"summary.json\"}]"));
        assertTrue(reserved.getMessage().contains("keeps for its own files"), reserved.getMessage());
    }

    @Test
    void verifyInputsResolveAgainstTheManifest() throws IOException {
        JobSpec j = plan("v.yaml", """
                jobs:
                  - input: a.pt
                    to: onnx
                    verify: true
                    inputs: {x: data/x.npy}
                    name_map: maps/a.json
                    per_layer: true
                    seed: 7
                """).jobs().get(0);
        assertEquals(List.of("x=" + dir.resolve("data/x.npy")), j.verify().inputs());
        assertEquals(List.of("--seed", "7", "--name-map", dir.resolve("maps/a.json").toString(), "--input",
                "x=" + dir.resolve("data/x.npy"), "--per-layer"), j.verify().arguments());
    }
}
