package dev.rosetta.batch;

import dev.rosetta.error.ExitCode;
import java.util.Collection;
import java.util.Locale;

/**
 * {@code --fail-on}: which job statuses make the batch exit non-zero, and with which code.
 *
 * <p>The code is the contract's, picked by the worst failing status: 4 ({@link
 * ExitCode#MALFORMED_INPUT}) when a job failed to convert or timed out, else 3 ({@link
 * ExitCode#UNSUPPORTED}) when a model is unsupported, else 1 ({@link ExitCode#MISMATCH}) for accuracy
 * mismatches. Skipped jobs never fail a batch.
 */
public enum FailOn {
    /** Conversion failures, unsupported models and timeouts fail the batch; mismatches do not. */
    CONVERSION,
    /** Everything {@link #CONVERSION} fails on, and accuracy mismatches (the default). */
    MISMATCH,
    /** Exit 0 whatever the jobs did; only a batch that cannot run fails. */
    NEVER;

    /** Parses {@code conversion}, {@code mismatch} or {@code never}. */
    public static FailOn parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new dev.rosetta.error.UsageException("--fail-on " + s + ": expected conversion, mismatch or never");
        }
    }

    /** True when a job of this status fails the batch. */
    public boolean fails(JobStatus s) {
        return switch (this) {
            case NEVER -> false;
            case CONVERSION -> s == JobStatus.CONVERSION_ERROR || s == JobStatus.UNSUPPORTED || s == JobStatus.TIMEOUT;
            case MISMATCH -> s != JobStatus.OK && s != JobStatus.SKIPPED;
        };
    }

    /** The batch's exit code for these job statuses. */
    public ExitCode exitCode(Collection<JobStatus> statuses) {
        ExitCode code = ExitCode.SUCCESS;
        for (JobStatus s : statuses) {
            if (!fails(s)) {
                continue;
            }
            ExitCode c = switch (s) {
                case CONVERSION_ERROR, TIMEOUT -> ExitCode.MALFORMED_INPUT;
                case UNSUPPORTED -> ExitCode.UNSUPPORTED;
                default -> ExitCode.MISMATCH;
            };
            if (rank(c) > rank(code)) {
                code = c;
            }
        }
        return code;
    }

    private static int rank(ExitCode c) {
        return switch (c) {
            case MALFORMED_INPUT -> 3;
            case UNSUPPORTED -> 2;
            case MISMATCH -> 1;
            default -> 0;
        };
    }

    /** The name on the command line. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
