package dev.rosetta.batch;

import dev.rosetta.error.ExitCode;
import dev.rosetta.formats.AtomicOutput;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a plan's jobs: each in its own process ({@link JobLauncher}), at most {@code --jobs} at
 * once, admitted through the {@link MemoryBudget}, each stopped at its timeout.
 *
 * <p>Why processes and not threads: a Java thread cannot be stopped, so a hung reader or a native
 * engine call would hold its memory until the batch ends; a process is killed outright, its memory
 * (heap and native engines) is returned to the system, an out-of-memory error or a crash in a
 * native library ends one job instead of the batch, and Ctrl-C ends every job at once. The cost
 * is a JVM start per job (about half a second).
 *
 * <p>One failing job never stops the others. After each job the {@link StateFile} is rewritten,
 * and {@link #stop()} (Ctrl-C) starts no new job, kills the running ones, removes their
 * temporaries and leaves them out of the state, so {@code --resume} redoes exactly them.
 */
final class BatchRunner {
    private static final String INTERRUPTED = "interrupted before the job finished; rerun with --resume";

    private final BatchPlan plan;
    private final BatchOptions options;
    private final StateFile state;
    private final BatchListener listener;
    private final MemoryBudget budget;
    private final Map<String, Process> running = new ConcurrentHashMap<>();
    private final Map<String, JobResult> results = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    BatchRunner(BatchPlan plan, BatchOptions options, StateFile state, BatchListener listener) {
        this.plan = plan;
        this.options = options;
        this.state = state;
        this.listener = listener;
        this.budget = new MemoryBudget(options.memoryBudget(), options.jobs());
    }

    /** Runs every job and returns the results in plan order (skipped inputs last). */
    List<JobResult> run() {
        stopOrphans();
        prepareWorkDir();
        state.save();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(options.jobs(), r -> {
            Thread t = new Thread(r, "rosetta-batch-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            for (JobSpec spec : plan.jobs()) {
                long inputBytes = Hashes.size(spec.input());
                long cost = MemoryBudget.costOf(inputBytes, spec.verify() != null);
                if (stopping || !acquire(cost)) {
                    results.put(spec.id(), interrupted(spec, 0));
                    continue;
                }
                pool.execute(() -> {
                    try {
                        results.put(spec.id(), runOne(spec, inputBytes));
                    } catch (RuntimeException | Error e) {
                        JobResult r = JobResult.of(spec, JobOutcome.failed(JobStatus.CONVERSION_ERROR, "plan",
                                "internal error in the batch: " + e, ExitCode.INTERNAL.code()), 0, null, null, null);
                        results.put(spec.id(), r);
                        listener.finished(r);
                    } finally {
                        budget.release(cost);
                    }
                });
            }
        } finally {
            pool.shutdown();
            awaitQuietly(pool);
        }
        List<JobResult> ordered = new ArrayList<>();
        plan.jobs().forEach(j -> ordered.add(results.get(j.id())));
        ordered.addAll(plan.skipped());
        return ordered;
    }

    /** Starts no new job and kills the running ones; {@link #run()} then returns promptly. */
    void stop() {
        stopping = true;
        budget.close();
        running.values().forEach(BatchRunner::kill);
    }

    boolean stopped() {
        return stopping;
    }

    private boolean acquire(long cost) {
        try {
            return budget.acquire(cost);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop();
            return false;
        }
    }

    private JobResult runOne(JobSpec spec, long inputBytes) {
        long t0 = System.nanoTime();
        JobFiles files = JobFiles.of(options.out(), spec.id());
        String log = options.out().relativize(files.log()).toString().replace('\\', '/');
        listener.started(spec);
        String inputSha;
        try {
            inputSha = Hashes.sha256(spec.input());
        } catch (NoSuchFileException e) {
            return finish(spec, JobOutcome.failed(JobStatus.CONVERSION_ERROR, "plan", spec.input()
                    + ": no such file or directory", ExitCode.USAGE.code()), t0, null, null);
        } catch (IOException e) {
            return finish(spec, JobOutcome.failed(JobStatus.CONVERSION_ERROR, "plan", spec.input() + ": cannot be read: "
                    + e, ExitCode.IO_ERROR.code()), t0, null, null);
        }
        if (options.resume()) {
            Optional<JobResult> kept = reusable(spec, inputSha);
            if (kept.isPresent()) {
                state.finished(kept.get());
                listener.finished(kept.get());
                return kept.get();
            }
        }
        if (stopping) {
            return interrupted(spec, t0);
        }
        Process p;
        try {
            Files.deleteIfExists(files.result());
            Files.createDirectories(files.log().getParent());
            Files.writeString(files.log(), "# rosetta batch job '" + spec.id() + "' started "
                    + java.time.Instant.now() + "\n");
            BatchJson.write(files.spec(), spec);
            p = options.launcher().launch(files, MemoryBudget.heapFor(inputBytes));
        } catch (IOException | RuntimeException e) {
            return finish(spec, JobOutcome.failed(JobStatus.CONVERSION_ERROR, "plan",
                    "cannot start the job's process: " + e, ExitCode.IO_ERROR.code()), t0, inputSha, log);
        }
        running.put(spec.id(), p);
        state.started(spec.id(), p.pid());
        if (stopping) {
            kill(p);
        }
        boolean ended = waitFor(p, spec.timeoutSeconds());
        if (!ended) {
            kill(p);
        }
        running.remove(spec.id());
        cleanTemporaries(spec.output());
        JobOutcome outcome = readOutcome(files.result());
        if (outcome == null && stopping) {
            state.abandoned(spec.id());
            JobResult r = interrupted(spec, t0);
            listener.finished(r);
            return r;
        }
        if (outcome == null) {
            outcome = ended
                    ? JobOutcome.failed(JobStatus.CONVERSION_ERROR, null, "the job's process ended with exit code "
                    + p.exitValue() + " and no result (a crash? see " + log + ")", p.exitValue())
                    : JobOutcome.failed(JobStatus.TIMEOUT, null, "no result after " + spec.timeoutSeconds()
                    + " s: stopped (--timeout or the job's 'timeout')", null);
        }
        String outputSha = null;
        if (outcome.status().hasOutput()) {
            try {
                outputSha = Hashes.sha256(spec.output());
            } catch (IOException e) {
                outcome = JobOutcome.failed(JobStatus.CONVERSION_ERROR, "convert", spec.output()
                        + ": the job reported success but the output cannot be read: " + e, ExitCode.IO_ERROR.code());
            }
        }
        return finish(spec, outcome, t0, inputSha, outputSha, log);
    }

    private JobResult finish(JobSpec spec, JobOutcome o, long t0, String inputSha, String log) {
        return finish(spec, o, t0, inputSha, null, log);
    }

    private JobResult finish(JobSpec spec, JobOutcome o, long t0, String inputSha, String outputSha, String log) {
        JobResult r = JobResult.of(spec, o, (System.nanoTime() - t0) / 1_000_000, inputSha, outputSha, log);
        state.finished(r);
        listener.finished(r);
        return r;
    }

    private JobResult interrupted(JobSpec spec, long t0) {
        long ms = t0 == 0 ? 0 : (System.nanoTime() - t0) / 1_000_000;
        return JobResult.of(spec, JobOutcome.failed(JobStatus.SKIPPED, null, INTERRUPTED, null), ms, null, null, null);
    }

    private Optional<JobResult> reusable(JobSpec spec, String inputSha) {
        try {
            return state.reusable(spec, inputSha);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static JobOutcome readOutcome(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return BatchJson.JSON.readValue(file.toFile(), JobOutcome.class);
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean waitFor(Process p, long timeoutSeconds) {
        try {
            if (timeoutSeconds == 0) {
                p.waitFor();
                return true;
            }
            return p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Kills a job's process and anything it started, and waits briefly for it to end. */
    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Kills the job processes a killed earlier batch left running (recorded in its state file and
     * still running {@link JobRunner}), so they cannot write into the outputs this run writes.
     */
    private void stopOrphans() {
        for (long pid : state.previouslyRunning().values()) {
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().commandLine().map(c -> c.contains(JobRunner.class.getName())).orElse(false))
                    .ifPresent(h -> {
                        h.destroyForcibly();
                        try {
                            h.onExit().get(10, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            // it is being killed; the temporaries sweep below handles what it left
                        }
                    });
        }
    }

    /** Creates the working folder and removes what a killed run left: temporaries of outputs and work files. */
    private void prepareWorkDir() {
        Path work = options.out().resolve(JobFiles.WORK_DIR);
        try {
            Files.createDirectories(work);
            Files.walkFileTree(work, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (file.getFileName().toString().contains(AtomicOutput.TEMP_MARKER)) {
                        AtomicOutput.deleteQuietly(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new dev.rosetta.error.RosettaIOException(work, "preparing the batch's working folder", e);
        }
        plan.jobs().forEach(j -> cleanTemporaries(j.output()));
    }

    private static void cleanTemporaries(Path output) {
        Path dir = output.getParent();
        if (dir != null && Files.isDirectory(dir)) {
            AtomicOutput.cleanStaleTemporaries(dir, output.getFileName().toString());
        }
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            while (!pool.awaitTermination(1, TimeUnit.HOURS)) {
                // jobs have their own timeouts; keep waiting
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
