package dev.rosetta.cli;

import static dev.rosetta.cli.CliTest.rosetta;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rosetta.formats.AtomicOutput;
import dev.rosetta.formats.FormatRegistry;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * {@code rosetta batch} end to end, each job in a real child JVM: the golden models with a
 * corrupted file and an unsupported op, exit codes per {@code --fail-on}, a batch stopped by
 * SIGTERM (what Ctrl-C does) and killed by SIGKILL then resumed, and the coverage scan.
 */
class BatchCommandTest {
    static final Path GOLDEN = Path.of(System.getProperty("rosetta.golden", "golden-models"));
    static final Path CORPUS = Path.of(System.getProperty("rosetta.corpus", "../shared/corpus"));
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static ObjectNode job(ArrayNode jobs, String id, Path input, String output) {
        ObjectNode j = jobs.addObject().put("id", id).put("input", input.toString()).put("output", output);
        return j;
    }

    private static Map<String, JsonNode> byId(JsonNode summary) {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        summary.get("jobs").forEach(j -> m.put(j.get("id").asText(), j));
        return m;
    }

    private static JsonNode read(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    @Test
    void goldenBatchReportsEachJobAndExitsPerFailOn() throws Exception {
        Path truncated = dir.resolve("truncated.pt");
        byte[] sd = Files.readAllBytes(GOLDEN.resolve("resnet_basic_narrow/state_dict.pt"));
        Files.write(truncated, java.util.Arrays.copyOf(sd, sd.length / 3));
        ObjectNode manifest = JSON.createObjectNode().put("version", 1);
        manifest.putObject("defaults").put("verify", true);
        ArrayNode jobs = manifest.putArray("jobs");
        for (String m : List.of("resnet_basic_narrow", "resnet_bottleneck_narrow")) {
            job(jobs, m + ".onnx", GOLDEN.resolve(m + "/state_dict.pt"), m + "/model.onnx")
                    .putObject("shapes").putArray("input").add(2).add(3).add(32).add(32);
            job(jobs, m + ".pt", GOLDEN.resolve(m + "/model.onnx"), m + "/model.pt");
        }
        job(jobs, "tight", GOLDEN.resolve("resnet_basic_narrow/model.onnx"), "tight/model.pt")
                .put("rtol", 1e-12).put("atol", 0.0);
        job(jobs, "convnet", GOLDEN.resolve("convnet_flatten/state_dict.pt"), "convnet/model.onnx");
        job(jobs, "truncated", truncated, "truncated.onnx").put("from", "pytorch");
        Path loop = CORPUS.resolve("onnx-node/test_loop11/model.onnx");
        boolean corpus = Files.isRegularFile(loop);
        if (corpus) {
            job(jobs, "loop", loop, "loop.pt").put("verify", false);
        }
        Path m = dir.resolve("manifest.json");
        JSON.writeValue(m.toFile(), manifest);
        Path out = dir.resolve("out");

        CliTest.Result r = rosetta("batch", m.toString(), "--out", out.toString(), "--jobs", "2");
        assertEquals(4, r.code(), "a conversion error fails the batch with 4\n" + r.out() + r.err());

        JsonNode summary = read(out.resolve("summary.json"));
        Map<String, JsonNode> job = byId(summary);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("resnet_basic_narrow.onnx", "ok");
        expected.put("resnet_basic_narrow.pt", "ok");
        expected.put("resnet_bottleneck_narrow.onnx", "ok");
        expected.put("resnet_bottleneck_narrow.pt", "ok");
        expected.put("tight", "accuracy_mismatch");
        expected.put("convnet", "unsupported");
        expected.put("truncated", "conversion_error");
        if (corpus) {
            expected.put("loop", "unsupported");
        }
        Map<String, String> actual = new LinkedHashMap<>();
        job.forEach((id, j) -> actual.put(id, j.get("status").asText()));
        assertEquals(expected, actual, r.out());

        JsonNode ok = job.get("resnet_bottleneck_narrow.onnx");
        assertTrue(ok.get("verification").get("passed").asBoolean());
        assertTrue(ok.get("verification").get("outputs").get(0).get("max_abs").asDouble() < 1e-4);
        assertEquals(64, ok.get("output_sha256").asText().length());
        assertTrue(job.get("tight").get("error").asText().contains("beyond tolerance"));
        assertEquals("verify", job.get("tight").get("phase").asText());
        assertTrue(job.get("convnet").get("error").asText().contains("weights only"), job.get("convnet").toString());
        assertEquals(4, job.get("truncated").get("exit_code").asInt(), "malformed input");
        if (corpus) {
            assertTrue(job.get("loop").get("error").asText().contains("Loop"), job.get("loop").toString());
        }
        assertEquals(4, summary.get("totals").get("ok").asInt());
        assertEquals(4, summary.get("totals").get("verified").asInt());
        assertEquals(64, summary.get("jobs_sha256").asText().length());
        for (String id : List.of("resnet_basic_narrow.onnx", "resnet_bottleneck_narrow.pt", "tight")) {
            Path output = Path.of(job.get(id).get("output").asText());
            assertEquals(0, rosetta("inspect", output.toString()).code(), id + " wrote a readable model");
        }
        assertFalse(Files.exists(out.resolve("convnet/model.onnx")), "a failed conversion writes nothing");

        Document junit = parseJunit(out.resolve("junit.xml"));
        Element suite = (Element) junit.getElementsByTagName("testsuite").item(0);
        assertEquals(Integer.toString(expected.size()), suite.getAttribute("tests"));
        assertEquals(corpus ? "3" : "2", suite.getAttribute("failures"), "mismatch and unsupported");
        assertEquals("1", suite.getAttribute("errors"), "the truncated file");
        String md = Files.readString(out.resolve("summary.md"));
        expected.keySet().forEach(id -> assertTrue(md.contains("| " + id + " |"), md));

        // Rerun: finished jobs are kept, failed ones redone; --fail-on never exits 0.
        CliTest.Result again = rosetta("batch", m.toString(), "--out", out.toString(), "--jobs", "2", "--resume",
                "--fail-on", "never");
        assertEquals(0, again.code(), again.out() + again.err());
        Map<String, JsonNode> resumed = byId(read(out.resolve("summary.json")));
        expected.forEach((id, status) -> {
            assertEquals(status, resumed.get(id).get("status").asText(), id);
            boolean hasOutput = status.equals("ok") || status.equals("accuracy_mismatch");
            assertEquals(hasOutput, resumed.get(id).get("resumed").asBoolean(), id);
        });

        // Only the mismatch job (its record is reused): --fail-on picks the exit code.
        ObjectNode tightOnly = manifest.deepCopy();
        ArrayNode one = tightOnly.putArray("jobs");
        one.add(jobs.get(4));
        Path m2 = dir.resolve("tight.json");
        JSON.writeValue(m2.toFile(), tightOnly);
        assertEquals(0, rosetta("batch", m2.toString(), "--out", out.toString(), "--resume", "--fail-on",
                "conversion").code());
        assertEquals(1, rosetta("batch", m2.toString(), "--out", out.toString(), "--resume").code());
        assertTrue(byId(read(out.resolve("summary.json"))).get("tight").get("resumed").asBoolean());
    }

    @Test
    void stoppedAndKilledBatchesResumeWithoutRedoingFinishedJobs() throws Exception {
        Path src = dir.resolve("models");
        for (String m : List.of("resnet_basic_narrow", "resnet_bottleneck_narrow", "convnet_flatten")) {
            Files.createDirectories(src.resolve(m));
            Files.copy(GOLDEN.resolve(m + "/state_dict.pt"), src.resolve(m + "/state_dict.pt"));
            Files.copy(GOLDEN.resolve(m + "/model.onnx"), src.resolve(m + "/model.onnx"));
        }
        Path out = dir.resolve("out");
        Path state = out.resolve(".rosetta-batch-state.json");
        List<String> args = List.of("batch", src.toString(), "--out", out.toString(), "--to", "safetensors", "-j", "1");
        Set<Long> jobPids = new HashSet<>();

        // 1. SIGTERM (what Ctrl-C does) once a job has finished: a clean stop.
        Process first = startBatch(args);
        int afterFirst = waitForFinished(first, state, 1, jobPids);
        first.destroy();
        assertTrue(first.waitFor(2, TimeUnit.MINUTES));
        JsonNode stopped = read(out.resolve("summary.json"));
        assertTrue(stopped.get("interrupted").asBoolean(), stopped.toString());
        assertTrue(read(state).get("running").isEmpty(), "no job is left marked running");
        assertNoTemporaries(out);

        // 2. SIGKILL once one more job has finished: nothing runs the shutdown hook.
        List<String> resume = new ArrayList<>(args);
        resume.add("--resume");
        Process second = startBatch(resume);
        waitForFinished(second, state, afterFirst + 1, jobPids);
        second.destroyForcibly();
        assertTrue(second.waitFor(2, TimeUnit.MINUTES));
        Set<String> finishedBefore = new HashSet<>();
        read(state).get("jobs").fields().forEachRemaining(e -> {
            if (e.getValue().get("status").asText().equals("ok")) {
                finishedBefore.add(e.getKey());
            }
        });
        assertTrue(finishedBefore.size() >= 2, finishedBefore.toString());

        // 3. Resume to the end.
        CliTest.Result r = rosetta(resume.toArray(String[]::new));
        assertEquals(0, r.code(), r.out() + r.err());
        Map<String, JsonNode> jobs = byId(read(out.resolve("summary.json")));
        assertEquals(6, jobs.values().stream().filter(j -> j.get("status").asText().equals("ok")).count(), r.out());
        for (JsonNode j : jobs.values()) {
            String id = j.get("id").asText();
            if (!j.get("status").asText().equals("ok")) {
                continue;
            }
            assertEquals(finishedBefore.contains(id), j.get("resumed").asBoolean(), id + " redone only if unfinished");
            assertEquals(0, rosetta("inspect", j.get("output").asText()).code(), id + ": output complete");
        }
        assertNoTemporaries(out);
        for (long pid : jobPids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "job process " + pid + " ended");
        }
    }

    @Test
    void dryRunListsUnsupportedOpsWithModelCounts() throws Exception {
        Path onnxNode = CORPUS.resolve("onnx-node");
        Assumptions.assumeTrue(Files.isDirectory(onnxNode), "corpus absent: " + onnxNode);
        Path out = dir.resolve("scan");
        CliTest.Result r = rosetta("batch", onnxNode.toString(), "--out", out.toString(), "--dry-run", "--to", "pytorch");
        assertEquals(3, r.code(), r.err());
        assertTrue(r.out().contains("Loop (ai.onnx opset 11)"), r.out());
        JsonNode coverage = read(out.resolve("coverage.json"));
        JsonNode loop = null;
        for (JsonNode i : coverage.get("items")) {
            if (i.get("item").asText().equals("Loop (ai.onnx opset 11)")) {
                loop = i;
            }
        }
        assertTrue(loop != null, "Loop is listed");
        assertEquals(loop.get("model_ids").size(), loop.get("models").asInt());
        assertTrue(loop.get("model_ids").toString().contains("test_loop11/model.onnx"), loop.toString());
        assertTrue(coverage.get("supported").asInt() > 500, "most of the suite reads");
        assertTrue(coverage.get("items").get(0).get("models").asInt() >= coverage.get("items").get(1).get("models").asInt());
        assertFalse(Files.exists(out.resolve("summary.json")), "a dry run converts nothing");
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(Set.of("coverage.json", "coverage.md"),
                    Set.copyOf(files.map(p -> p.getFileName().toString()).toList()));
        }
        assertEquals(0, rosetta("batch", onnxNode.toString(), "--out", out.toString(), "--dry-run", "--fail-on", "never",
                "--include", "test_loop11/*").code());
    }

    @Test
    void dryRunOnKerasListsUnsupportedLayers() throws Exception {
        Assumptions.assumeTrue(FormatRegistry.load().all().stream().anyMatch(p -> p.name().equals("keras-h5")),
                "keras format not on the class path");
        Path keras = CORPUS.resolve("keras-h5");
        Assumptions.assumeTrue(Files.isDirectory(keras), "corpus absent: " + keras);
        Path out = dir.resolve("keras-scan");
        CliTest.Result r = rosetta("batch", keras.toString(), "--out", out.toString(), "--dry-run", "--to", "onnx");
        assertTrue(r.code() == 0 || r.code() == 3 || r.code() == 4, r.err());
        JsonNode coverage = read(out.resolve("coverage.json"));
        assertTrue(coverage.get("models").asInt() > 0, coverage.toString());
        for (JsonNode i : coverage.get("items")) {
            assertEquals(i.get("model_ids").size(), i.get("models").asInt(), i.toString());
        }
        assertTrue(r.out().contains("Coverage of"), r.out());
    }

    @Test
    void usageErrorsExit2() throws IOException {
        Path models = Files.createDirectories(dir.resolve("models"));
        Path out = dir.resolve("out");
        CliTest.Result noTarget = rosetta("batch", models.toString(), "--out", out.toString());
        assertEquals(2, noTarget.code());
        assertTrue(noTarget.err().contains("--to"), noTarget.err());
        Path bad = Files.writeString(dir.resolve("m.yaml"), "jobs:\n  - input: a.onnx\n    to: onnx\n    atoll: 1\n");
        CliTest.Result typo = rosetta("batch", bad.toString(), "--out", out.toString());
        assertEquals(2, typo.code());
        assertTrue(typo.err().contains("'atoll'"), typo.err());
        assertEquals(2, rosetta("batch", models.toString(), "--out", out.toString(), "--to", "onnx", "--fail-on", "x").code());
        assertEquals(2, rosetta("batch", models.toString(), "--out", out.toString(), "--to", "onnx",
                "--memory-budget", "lots").code());
        assertEquals(2, rosetta("batch", dir.resolve("nope.json").toString(), "--out", out.toString()).code());
        assertEquals(8L << 30, BatchCommand.parseSize("8g"));
        assertEquals(512L << 20, BatchCommand.parseSize("512MiB"));
    }

    @Test
    void anEmptyFolderIsAnEmptyBatch() throws IOException {
        Path models = Files.createDirectories(dir.resolve("models"));
        Files.writeString(models.resolve("notes.txt"), "not a model");
        Path out = dir.resolve("out");
        CliTest.Result r = rosetta("batch", models.toString(), "--out", out.toString(), "--to", "onnx");
        assertEquals(0, r.code(), r.err());
        JsonNode s = read(out.resolve("summary.json"));
        assertEquals("skipped", s.get("jobs").get(0).get("status").asText());
        assertEquals(1, s.get("totals").get("skipped").asInt());
    }

    private static Process startBatch(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-cp",
                absoluteClassPath(), Main.class.getName()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static String absoluteClassPath() {
        List<String> cp = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            cp.add(Path.of(e).toAbsolutePath().toString());
        }
        return String.join(File.pathSeparator, cp);
    }

    /**
     * Waits until the state file records {@code n} finished jobs (or the batch ends), noting the
     * job processes it shows running.
     *
     * @return how many jobs are recorded
     */
    private static int waitForFinished(Process batch, Path state, int n, Set<Long> pids) throws Exception {
        while (true) {
            int finished = 0;
            if (Files.isRegularFile(state)) {
                try {
                    JsonNode s = JSON.readTree(state.toFile());
                    s.get("running").forEach(p -> pids.add(p.asLong()));
                    finished = s.get("jobs").size();
                } catch (IOException e) {
                    // replaced while reading: read again
                }
            }
            if (finished >= n) {
                return finished;
            }
            assertTrue(batch.isAlive(), "the batch ended before " + n + " job(s) finished");
            Thread.sleep(20);
        }
    }

    private static void assertNoTemporaries(Path out) throws IOException {
        try (Stream<Path> files = Files.walk(out)) {
            List<Path> left = files.filter(p -> p.getFileName().toString().contains(AtomicOutput.TEMP_MARKER)).toList();
            assertEquals(List.of(), left);
        }
    }

    private static Document parseJunit(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(file.toFile());
    }
}
