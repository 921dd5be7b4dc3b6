package dev.rosetta.batch;

import dev.rosetta.error.ExitCode;
import dev.rosetta.error.RosettaIOException;
import dev.rosetta.error.UsageException;
import dev.rosetta.formats.FormatRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One {@code rosetta batch} run: plans the jobs from a manifest or a folder, then either scans
 * them ({@code --dry-run}) or runs them and writes the reports, and returns the exit code
 * ({@link FailOn}). {@link #interrupt()} is what Ctrl-C calls.
 */
public final class Batch {
    private final BatchOptions options;
    private final PrintWriter out;
    private final PrintWriter err;
    private final CountDownLatch over = new CountDownLatch(1);
    private volatile BatchRunner runner;
    private volatile boolean interrupted;

    public Batch(BatchOptions options, PrintWriter out, PrintWriter err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the batch.
     *
     * @return the exit code: 0, or per {@code --fail-on} 1, 3 or 4 (see {@code docs/batch.md})
     * @throws UsageException for a bad manifest, a missing source, a missing {@code --to}
     * @throws RosettaIOException when the output folder cannot be written
     */
    public int run() {
        try {
            Instant started = Instant.now();
            FormatRegistry registry = FormatRegistry.load();
            BatchPlan plan = plan(registry);
            createOut();
            if (options.dryRun()) {
                return CoverageScan.run(plan, options, registry, out);
            }
            StateFile state = StateFile.open(options.out(), options.toolVersion(), plan, options.resume());
            state.warning().ifPresent(w -> err.println("rosetta batch: warning: " + w));
            out.printf(Locale.ROOT, "Batch: %d job(s)%s from %s into %s, %d at a time, memory budget %.1f GiB%n",
                    plan.jobs().size(), plan.skipped().isEmpty() ? "" : ", " + plan.skipped().size() + " input(s) skipped",
                    plan.source(), plan.out(), options.jobs(), options.memoryBudget() / (double) MemoryBudget.GIB);
            out.flush();
            ConsoleProgress progress = new ConsoleProgress(out, options.terminal(), plan.size(), plan.skipped().size());
            BatchRunner r = new BatchRunner(plan, options, state, progress);
            runner = r;
            if (interrupted) {
                r.stop();
            }
            List<JobResult> results = r.run();
            progress.done();
            ExitCode code = options.failOn().exitCode(results.stream().map(JobResult::status).toList());
            Instant finished = Instant.now();
            Reports.Summary summary = new Reports.Summary(Reports.SCHEMA, options.toolVersion(),
                    plan.source().toString(), plan.out().toString(), started.truncatedTo(ChronoUnit.MILLIS).toString(),
                    finished.truncatedTo(ChronoUnit.MILLIS).toString(), finished.toEpochMilli() - started.toEpochMilli(),
                    plan.jobsSha256(), options.failOn().wireName(), code.code(), r.stopped(), Reports.Totals.of(results),
                    results);
            Reports.write(options.out(), summary);
            printTotals(summary);
            if (r.stopped()) {
                err.println("rosetta batch: interrupted; finished jobs are recorded in " + state.file()
                        + ": rerun with --resume to continue");
                err.flush();
            }
            return code.code();
        } finally {
            over.countDown();
        }
    }

    /**
     * Stops the batch (Ctrl-C): no new job starts, running jobs are killed, and the reports of what
     * finished are written. Waits up to 30 seconds for that.
     */
    public void interrupt() {
        interrupted = true;
        BatchRunner r = runner;
        if (r != null) {
            r.stop();
        }
        try {
            over.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private BatchPlan plan(FormatRegistry registry) {
        if (!Files.exists(options.source())) {
            throw new UsageException(options.source() + ": no such manifest or folder");
        }
        return Files.isDirectory(options.source()) ? DirectoryScan.plan(options, registry)
                : Manifest.plan(options.source(), options, registry);
    }

    private void createOut() {
        if (Files.exists(options.out()) && !Files.isDirectory(options.out())) {
            throw new UsageException("--out " + options.out() + " is a file, not a folder");
        }
        try {
            Files.createDirectories(options.out());
        } catch (IOException e) {
            throw new RosettaIOException(options.out(), "creating the output folder", e);
        }
    }

    private void printTotals(Reports.Summary s) {
        Reports.Totals t = s.totals();
        out.printf(Locale.ROOT, "Done in %.1f s: %d ok, %d conversion_error, %d unsupported, %d accuracy_mismatch, "
                        + "%d timeout, %d skipped%s; exit %d (--fail-on %s)%n", s.wallMs() / 1000.0, t.ok(),
                t.conversionError(), t.unsupported(), t.accuracyMismatch(), t.timeout(), t.skipped(),
                t.resumed() > 0 ? " (" + t.resumed() + " resumed)" : "", s.exitCode(), s.failOn());
        out.println("Reports: " + options.out().resolve(Reports.SUMMARY_MD) + ", " + Reports.SUMMARY_JSON + ", "
                + Reports.JUNIT_XML);
        out.flush();
    }
}
