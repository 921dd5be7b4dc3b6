package dev.rosetta.batch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One job's line in {@code summary.json} and its record in the state file: the job, how it ended,
 * the hashes that let {@code --resume} trust it, and durations.
 *
 * @param id the job's id
 * @param input the input path as planned
 * @param output the output path as planned
 * @param status how the job ended
 * @param phase {@code plan}, {@code convert} or {@code verify}: where a failed job stopped
 * @param error the one-line error or skip reason, or {@code null}
 * @param exitCode the exit code the job's conversion or verification gave, or {@code null}
 * @param resumed true when a {@code --resume} run kept this result from the state file
 * @param sourceFormat the input's format, when known
 * @param targetFormat the output's format
 * @param conversion what the conversion made, or {@code null}
 * @param verification parity metrics, or {@code null} when not verified
 * @param convertMs conversion time in the job's process
 * @param verifyMs verification time in the job's process
 * @param wallMs the job's wall-clock time, process start included
 * @param inputSha256 the input's content hash when the job ran
 * @param outputSha256 the output's content hash after the job, when it left one
 * @param specSha256 the hash of the job's settings ({@link JobSpec#sha256()})
 * @param log the job's log file, relative to the output folder
 */
public record JobResult(String id, String input, String output, JobStatus status, String phase, String error,
                        Integer exitCode, boolean resumed, String sourceFormat, String targetFormat,
                        JobOutcome.Conversion conversion, JsonNode verification, Long convertMs, Long verifyMs,
                        long wallMs, String inputSha256, String outputSha256, String specSha256, String log) {
    public JobResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        verification = verification == null || verification.isNull() ? null : verification;
    }

    /** The result of a job that ran (or failed before its process started). */
    static JobResult of(JobSpec spec, JobOutcome o, long wallMs, String inputSha, String outputSha, String log) {
        return new JobResult(spec.id(), spec.input().toString(), spec.output().toString(), o.status(), o.phase(),
                o.error(), o.exitCode(), false, o.sourceFormat(), o.targetFormat() == null ? spec.to()
                : o.targetFormat(), o.conversion(), o.verification(), o.convertMs(), o.verifyMs(), wallMs, inputSha,
                outputSha, spec.sha256(), log);
    }

    /** A job that was not run, with the reason. */
    static JobResult skipped(String id, String input, String output, String reason, String sourceFormat) {
        return new JobResult(id, input, output, JobStatus.SKIPPED, "plan", reason, null, false, sourceFormat, null,
                null, null, null, null, 0, null, null, null, null);
    }

    /** This recorded result, as kept by a resumed run. */
    JobResult asResumed() {
        return new JobResult(id, input, output, status, phase, error, exitCode, true, sourceFormat, targetFormat,
                conversion, verification, convertMs, verifyMs, wallMs, inputSha256, outputSha256, specSha256, log);
    }

    /** True when verification ran and passed. */
    boolean verified() {
        return verification != null && verification.path("passed").asBoolean(false);
    }
}
