package dev.rosetta.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner with {@link FakeJob} processes: timeouts, crashes, failures that do not stop the
 * others, the state file, and a stop (Ctrl-C) in the middle.
 */
class BatchRunnerTest {
    @TempDir
    Path dir;

    private final List<Process> started = new CopyOnWriteArrayList<>();

    /** Starts {@link FakeJob} in a JVM with the test class path. */
    private JobLauncher fake() {
        return (files, heap) -> {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx64m", "-cp", System.getProperty("java.class.path"), FakeJob.class.getName(),
                    files.spec().toString(), files.result().toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(files.log().toFile()))
                    .start();
            started.add(p);
            return p;
        };
    }

    private JobSpec job(String inputName, long timeout) throws IOException {
        Path in = Files.writeString(dir.resolve(inputName), "model " + inputName);
        return new JobSpec(inputName, in, dir.resolve("out").resolve(inputName + ".pt"), null, "pytorch", null, null,
                null, null, timeout);
    }

    private BatchOptions options(int jobs) {
        return options(jobs, "test", false);
    }

    private BatchOptions options(int jobs, String version, boolean resume) {
        return BatchOptions.builder(dir, dir.resolve("out")).jobs(jobs).launcher(fake()).toolVersion(version)
                .resume(resume).build();
    }

    /** Runs the plan to the end with fresh (or, with {@code resume}, the last) state. */
    private List<JobResult> run(BatchPlan plan, BatchOptions o) {
        return new BatchRunner(plan, o, StateFile.open(o.out(), o.toolVersion(), plan, o.resume()), quiet()).run();
    }

    private static BatchListener quiet() {
        return new ConsoleProgress(new PrintWriter(new StringWriter()), false, 0, 0);
    }

    @Test
    void aHungJobTimesOutACrashIsAnErrorAndTheOthersFinish() throws Exception {
        BatchPlan plan = BatchPlan.of(dir, dir.resolve("out"),
                List.of(job("ok1.bin", 60), job("hang.bin", 2), job("crash.bin", 60), job("ok2.bin", 60)), List.of());
        BatchOptions o = options(2);
        List<JobResult> results = run(plan, o);

        assertEquals(List.of(JobStatus.OK, JobStatus.TIMEOUT, JobStatus.CONVERSION_ERROR, JobStatus.OK),
                results.stream().map(JobResult::status).toList());
        assertTrue(results.get(1).error().contains("no result after 2 s"), results.get(1).error());
        assertTrue(results.get(2).error().contains("exit code 3"), results.get(2).error());
        assertEquals("converted ok2.bin", Files.readString(o.out().resolve("ok2.bin.pt")));
        for (Process p : started) {
            assertFalse(p.isAlive(), "every job process has ended");
        }
        JsonNode saved = BatchJson.JSON.readTree(o.out().resolve(StateFile.NAME).toFile());
        assertEquals(4, saved.get("jobs").size());
        assertTrue(saved.get("running").isEmpty());
        assertEquals(Hashes.sha256(o.out().resolve("ok1.bin.pt")),
                saved.get("jobs").get("ok1.bin").get("output_sha256").asText());
        assertEquals(Hashes.sha256(dir.resolve("ok1.bin")),
                saved.get("jobs").get("ok1.bin").get("input_sha256").asText());
    }

    @Test
    void aMissingInputFailsItsJobOnly() throws Exception {
        JobSpec missing = new JobSpec("missing", dir.resolve("nope.bin"), dir.resolve("out/nope.pt"), null, "pytorch",
                null, null, null, null, 60);
        BatchPlan plan = BatchPlan.of(dir, dir.resolve("out"), List.of(missing, job("ok.bin", 60)), List.of());
        List<JobResult> results = run(plan, options(1));
        assertEquals(JobStatus.CONVERSION_ERROR, results.get(0).status());
        assertEquals("plan", results.get(0).phase());
        assertTrue(results.get(0).error().contains("no such file"), results.get(0).error());
        assertEquals(JobStatus.OK, results.get(1).status());
    }

    @Test
    void resumeKeepsFinishedJobsAndRedoesChangedOnes() throws Exception {
        BatchPlan plan = BatchPlan.of(dir, dir.resolve("out"), List.of(job("ok1.bin", 60), job("ok2.bin", 60),
                job("ok3.bin", 60)), List.of());
        run(plan, options(2));
        int launched = started.size();
        Files.writeString(dir.resolve("ok2.bin"), "a changed model");
        Files.writeString(dir.resolve("out/ok3.bin.pt"), "a damaged output");
        List<JobResult> results = run(plan, options(2, "test", true));
        assertTrue(results.get(0).resumed(), "unchanged: kept");
        assertFalse(results.get(1).resumed(), "input changed: redone");
        assertFalse(results.get(2).resumed(), "output changed: redone");
        assertEquals(launched + 2, started.size());
        assertEquals("converted ok3.bin", Files.readString(dir.resolve("out/ok3.bin.pt")));

        BatchOptions newVersion = options(2, "test-2", true);
        StateFile state = StateFile.open(newVersion.out(), "test-2", plan, true);
        assertTrue(state.warning().orElse("").contains("every job is redone"), state.warning().toString());
        assertTrue(new BatchRunner(plan, newVersion, state, quiet()).run().stream().noneMatch(JobResult::resumed));
    }

    @Test
    void stopKillsRunningJobsAndLeavesThemOutOfTheState() throws Exception {
        BatchPlan plan = BatchPlan.of(dir, dir.resolve("out"),
                List.of(job("ok1.bin", 60), job("hang1.bin", 0), job("hang2.bin", 0), job("ok2.bin", 60)), List.of());
        BatchOptions o = options(1);
        StateFile state = StateFile.open(o.out(), "test", plan, false);
        BatchRunner runner = new BatchRunner(plan, o, state, quiet());
        List<List<JobResult>> out = new ArrayList<>();
        Thread t = new Thread(() -> out.add(runner.run()));
        t.start();
        Path stateFile = o.out().resolve(StateFile.NAME);
        while (!runningNow(stateFile).containsKey("hang1.bin")) {
            Thread.sleep(50);
        }
        runner.stop();
        t.join(TimeUnit.MINUTES.toMillis(1));
        assertFalse(t.isAlive());
        List<JobResult> results = out.get(0);
        assertEquals(List.of(JobStatus.OK, JobStatus.SKIPPED, JobStatus.SKIPPED, JobStatus.SKIPPED),
                results.stream().map(JobResult::status).toList());
        assertTrue(results.get(1).error().contains("--resume"), results.get(1).error());
        started.forEach(p -> assertFalse(p.isAlive()));
        JsonNode saved = BatchJson.JSON.readTree(stateFile.toFile());
        assertEquals(List.of("ok1.bin"), ids(saved.get("jobs")));
        assertTrue(saved.get("running").isEmpty());
        try (Stream<Path> files = Files.walk(o.out())) {
            assertTrue(files.noneMatch(p -> p.toString().contains(dev.rosetta.formats.AtomicOutput.TEMP_MARKER)));
        }
        assertEquals(0, results.get(3).wallMs(), "the last job never started");
    }

    private static Map<String, Long> runningNow(Path stateFile) {
        try {
            StateFile.State s = BatchJson.JSON.readValue(stateFile.toFile(), StateFile.State.class);
            return s.running() == null ? Map.of() : s.running();
        } catch (IOException e) {
            return Map.of();
        }
    }

    private static List<String> ids(JsonNode jobs) {
        List<String> ids = new ArrayList<>();
        jobs.fieldNames().forEachRemaining(ids::add);
        return ids;
    }
}
