package dev.rosetta.batch;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The settings of one {@code rosetta batch} run, as given on the command line. Manifest entries
 * override {@link #to}, {@link #verify} and {@link #timeoutSeconds} per job.
 *
 * @param source a manifest ({@code .json}, {@code .yaml}) or a folder of models
 * @param out the output folder: converted models, state file, reports
 * @param to the target format, or {@code null} (a folder needs one, except in a dry run)
 * @param jobs how many jobs run at once
 * @param verify verify every job unless its manifest entry says otherwise
 * @param shapes input name to its whole shape ({@code 1x3x224x224}) for verifying models with
 *     dynamic dimensions; manifest {@code shapes} override these name by name
 * @param resume keep the results of jobs the state file shows as done and unchanged
 * @param failOn which statuses make the batch exit non-zero
 * @param dryRun scan for unsupported content instead of converting
 * @param timeoutSeconds per-job wall-clock limit, 0 for none
 * @param memoryBudget bytes the running jobs' estimated costs may add up to
 * @param include globs a folder's files must match (all files when empty)
 * @param exclude globs that leave a folder's files out
 * @param toolVersion Rosetta's version, recorded in the state file
 * @param terminal redraw one progress line instead of printing a line per job
 * @param launcher how a job's process is started
 */
public record BatchOptions(Path source, Path out, String to, int jobs, boolean verify, Map<String, String> shapes,
                           boolean resume,
                           FailOn failOn, boolean dryRun, long timeoutSeconds, long memoryBudget,
                           List<String> include, List<String> exclude, String toolVersion, boolean terminal,
                           JobLauncher launcher) {
    /** Default per-job timeout: one hour. */
    public static final long DEFAULT_TIMEOUT_SECONDS = 3600;

    public BatchOptions {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(failOn, "failOn");
        Objects.requireNonNull(launcher, "launcher");
        source = source.toAbsolutePath().normalize();
        out = out.toAbsolutePath().normalize();
        shapes = shapes == null ? Map.of() : Map.copyOf(shapes);
        include = include == null ? List.of() : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        if (jobs < 1) {
            throw new dev.rosetta.error.UsageException("--jobs " + jobs + ": must be at least 1");
        }
        if (timeoutSeconds < 0) {
            throw new dev.rosetta.error.UsageException("--timeout " + timeoutSeconds + ": must be 0 (none) or more");
        }
        if (memoryBudget <= 0) {
            throw new dev.rosetta.error.UsageException("--memory-budget must be positive");
        }
    }

    /** Starts options with the defaults: one job per core, fail on mismatch, a one-hour timeout. */
    public static Builder builder(Path source, Path out) {
        return new Builder(source, out);
    }

    /** Builds {@link BatchOptions} one setting at a time. */
    public static final class Builder {
        private final Path source;
        private final Path out;
        private String to;
        private int jobs = Runtime.getRuntime().availableProcessors();
        private boolean verify;
        private Map<String, String> shapes = Map.of();
        private boolean resume;
        private FailOn failOn = FailOn.MISMATCH;
        private boolean dryRun;
        private long timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
        private long memoryBudget = MemoryBudget.defaultBudget();
        private List<String> include = List.of();
        private List<String> exclude = List.of();
        private String toolVersion = "unknown";
        private boolean terminal;
        private JobLauncher launcher = JvmJobLauncher.current();

        private Builder(Path source, Path out) {
            this.source = source;
            this.out = out;
        }

        public Builder to(String v) {
            this.to = v;
            return this;
        }

        public Builder jobs(int v) {
            this.jobs = v;
            return this;
        }

        public Builder verify(boolean v) {
            this.verify = v;
            return this;
        }

        public Builder shapes(Map<String, String> v) {
            this.shapes = v;
            return this;
        }

        public Builder resume(boolean v) {
            this.resume = v;
            return this;
        }

        public Builder failOn(FailOn v) {
            this.failOn = v;
            return this;
        }

        public Builder dryRun(boolean v) {
            this.dryRun = v;
            return this;
        }

        public Builder timeoutSeconds(long v) {
            this.timeoutSeconds = v;
            return this;
        }

        public Builder memoryBudget(long v) {
            this.memoryBudget = v;
            return this;
        }

        public Builder include(List<String> v) {
            this.include = v;
            return this;
        }

        public Builder exclude(List<String> v) {
            this.exclude = v;
            return this;
        }

        public Builder toolVersion(String v) {
            this.toolVersion = v;
            return this;
        }

        public Builder terminal(boolean v) {
            this.terminal = v;
            return this;
        }

        public Builder launcher(JobLauncher v) {
            this.launcher = v;
            return this;
        }

        public BatchOptions build() {
            return new BatchOptions(source, out, to, jobs, verify, shapes, resume, failOn, dryRun, timeoutSeconds,
                    memoryBudget, include, exclude, toolVersion, terminal, launcher);
        }
    }
}
