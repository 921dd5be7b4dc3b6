package dev.rosetta.batch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * What a job's process found, written by {@link JobRunner} to its result file for the batch to
 * read.
 *
 * @param status how the job ended
 * @param phase {@code convert} or {@code verify}: where it ended, when it failed
 * @param error the one-line error, or {@code null}
 * @param exitCode the exit code {@code rosetta convert}/{@code verify} would have returned
 * @param sourceFormat the input's format, when known
 * @param targetFormat the output's format, when known
 * @param conversion what the conversion made, or {@code null} when it failed
 * @param verification the parity metrics, or {@code null} when not verified
 * @param convertMs how long the conversion took
 * @param verifyMs how long the verification took, or {@code null}
 */
public record JobOutcome(JobStatus status, String phase, String error, Integer exitCode, String sourceFormat,
                         String targetFormat, Conversion conversion, JsonNode verification, Long convertMs,
                         Long verifyMs) {
    public JobOutcome {
        Objects.requireNonNull(status, "status");
        verification = verification == null || verification.isNull() ? null : verification;
    }

    /**
     * What a successful conversion made.
     *
     * @param nodes graph nodes written
     * @param tensors tensors written
     * @param parameterBytes bytes of parameters written
     */
    public record Conversion(int nodes, int tensors, long parameterBytes) {
    }

    /** A failure before or without a conversion. */
    static JobOutcome failed(JobStatus status, String phase, String error, Integer exitCode) {
        return new JobOutcome(status, phase, error, exitCode, null, null, null, null, null, null);
    }
}
