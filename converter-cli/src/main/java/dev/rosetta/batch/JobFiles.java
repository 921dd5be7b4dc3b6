package dev.rosetta.batch;

import java.nio.file.Path;

/**
 * Where one job's working files live, under {@code OUT/.rosetta-batch/}: the spec handed to its
 * process, the result it hands back, its log, and its verification report.
 *
 * @param spec the job's {@link JobSpec} as JSON
 * @param result the {@link JobOutcome} the job's process writes
 * @param log the process's standard output and error
 * @param verifyReport the {@code rosetta verify --report} JSON
 */
public record JobFiles(Path spec, Path result, Path log, Path verifyReport) {
    /** The batch's working folder inside {@code --out}. */
    static final String WORK_DIR = ".rosetta-batch";

    /** The files of job {@code id} under {@code out}; names are the id made file-safe plus a short hash. */
    static JobFiles of(Path out, String id) {
        String safe = id.replaceAll("[^A-Za-z0-9._-]+", "_");
        if (safe.length() > 80) {
            safe = safe.substring(safe.length() - 80);
        }
        String name = safe + "-" + Hashes.sha256(id).substring(0, 8);
        Path work = out.resolve(WORK_DIR);
        return new JobFiles(work.resolve("jobs").resolve(name + ".json"), work.resolve("results").resolve(name + ".json"),
                work.resolve("logs").resolve(name + ".log"), work.resolve("verify").resolve(name + ".json"));
    }
}
