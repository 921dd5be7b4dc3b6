package dev.rosetta.batch;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code OUT/.rosetta-batch-state.json}: every finished job's {@link JobResult} (with its input,
 * output and settings hashes) and the process ids of jobs running now, rewritten atomically after
 * each change, so that a batch killed at any moment leaves a file that describes exactly the jobs
 * that finished.
 *
 * <p>A {@code --resume} run keeps a job's recorded result when the record was written by the same
 * Rosetta version, the job's settings hash is unchanged, its status left an output ({@code ok} or
 * {@code accuracy_mismatch}), the input's content hash is unchanged, and the output exists with its
 * recorded hash. Anything else is redone. A run without {@code --resume} starts an empty state.
 */
final class StateFile {
    /** The state file's name in {@code --out}. */
    static final String NAME = ".rosetta-batch-state.json";
    /** The schema identifier written in the file. */
    static final String SCHEMA = "rosetta.batch-state/1";

    /**
     * The file's content.
     *
     * @param schema always {@value #SCHEMA}
     * @param toolVersion the Rosetta version that wrote the records
     * @param jobsSha256 the hash of the job list of the run that wrote it
     * @param jobs finished jobs by id
     * @param running process ids of the jobs running when the file was written, by job id
     */
    record State(String schema, String toolVersion, String jobsSha256, Map<String, JobResult> jobs,
                 Map<String, Long> running) {
    }

    private final Path file;
    private final String toolVersion;
    private final String jobsSha256;
    private final Map<String, JobResult> previous;
    private final Map<String, Long> previousRunning;
    private final Map<String, JobResult> jobs = new TreeMap<>();
    private final Map<String, Long> running = new TreeMap<>();
    private final String warning;

    private StateFile(Path file, String toolVersion, String jobsSha256, State loaded, String warning,
                      java.util.Set<String> planned) {
        this.file = file;
        this.toolVersion = toolVersion;
        this.jobsSha256 = jobsSha256;
        this.previous = loaded == null || loaded.jobs() == null ? Map.of() : loaded.jobs();
        this.previousRunning = loaded == null || loaded.running() == null ? Map.of() : loaded.running();
        this.warning = warning;
        // Records of jobs this run has not reached yet stay, so an interrupted resume loses nothing.
        previous.forEach((id, r) -> {
            if (planned.contains(id)) {
                jobs.put(id, r);
            }
        });
    }

    /**
     * The state of a run in {@code out}: with {@code resume}, the records of the last run are
     * loaded (an unreadable file is ignored with a warning); without, the run starts empty.
     */
    static StateFile open(Path out, String toolVersion, BatchPlan plan, boolean resume) {
        String jobsSha256 = plan.jobsSha256();
        java.util.Set<String> planned = new java.util.HashSet<>();
        plan.jobs().forEach(j -> planned.add(j.id()));
        Path file = out.resolve(NAME);
        State loaded = null;
        String warning = null;
        if (Files.isRegularFile(file)) {
            try {
                JsonNode tree = BatchJson.JSON.readTree(file.toFile());
                loaded = BatchJson.JSON.treeToValue(tree, State.class);
                if (loaded == null || !SCHEMA.equals(loaded.schema())) {
                    warning = file + " is not a " + SCHEMA + " file; starting over";
                    loaded = null;
                }
            } catch (IOException | IllegalArgumentException e) {
                warning = file + " cannot be read (" + e.getMessage().lines().findFirst().orElse("") + "); starting over";
            }
        }
        if (resume && loaded != null && !toolVersion.equals(loaded.toolVersion())) {
            warning = "the state file was written by Rosetta " + loaded.toolVersion() + ", this is " + toolVersion
                    + ": every job is redone";
            return new StateFile(file, toolVersion, jobsSha256, keepRunningOnly(loaded), warning, planned);
        }
        return new StateFile(file, toolVersion, jobsSha256, resume ? loaded : keepRunningOnly(loaded),
                resume ? warning : null, planned);
    }

    /** A run without --resume still stops the previous run's orphans, but keeps none of its results. */
    private static State keepRunningOnly(State s) {
        return s == null ? null : new State(s.schema(), s.toolVersion(), null, Map.of(), s.running());
    }

    /** Why the previous state was not used, or empty. */
    Optional<String> warning() {
        return Optional.ofNullable(warning);
    }

    /** Process ids recorded as running by the previous run (a run that was killed). */
    Map<String, Long> previouslyRunning() {
        return previousRunning;
    }

    /**
     * The previous run's result for {@code spec} when it still holds: same settings, a status with an
     * output, unchanged input, and the output present with its recorded hash.
     *
     * @param inputSha the input's current content hash
     */
    Optional<JobResult> reusable(JobSpec spec, String inputSha) throws IOException {
        JobResult r = previous.get(spec.id());
        if (r == null || !r.status().hasOutput() || !spec.sha256().equals(r.specSha256())
                || !inputSha.equals(r.inputSha256()) || r.outputSha256() == null || !Files.exists(spec.output())) {
            return Optional.empty();
        }
        return r.outputSha256().equals(Hashes.sha256(spec.output())) ? Optional.of(r.asResumed()) : Optional.empty();
    }

    /** Records that a job's process started. */
    synchronized void started(String id, long pid) {
        running.put(id, pid);
        save();
    }

    /** Records a finished job (any status but an interrupt) and that it no longer runs. */
    synchronized void finished(JobResult r) {
        running.remove(r.id());
        jobs.put(r.id(), r);
        save();
    }

    /** Records that a job no longer runs, without a new result (it was interrupted). */
    synchronized void abandoned(String id) {
        running.remove(id);
        save();
    }

    /** Writes the file now (the run's first write, before any job starts). */
    synchronized void save() {
        Map<String, JobResult> all = new LinkedHashMap<>(jobs);
        BatchJson.write(file, new State(SCHEMA, toolVersion, jobsSha256, all, new TreeMap<>(running)));
    }

    Path file() {
        return file;
    }
}
