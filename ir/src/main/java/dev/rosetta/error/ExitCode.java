package dev.rosetta.error;

/**
 * The exit-code contract shared by every {@code rosetta} command.
 *
 * <p>These numbers are part of the public interface: CI jobs gate on them, so they never change
 * meaning. A command returns exactly one of them.
 */
public enum ExitCode {
    /** The command did what was asked; for {@code verify}, the models agree within tolerance. */
    SUCCESS(0),
    /** Verification ran and the models disagree beyond the tolerance. */
    MISMATCH(1),
    /** The command line was wrong: unknown option, missing argument, missing input file. */
    USAGE(2),
    /** The input is valid but uses a feature, operator or format Rosetta does not support. */
    UNSUPPORTED(3),
    /** The input is not a valid file of its format: truncated, corrupted, inconsistent, hostile. */
    MALFORMED_INPUT(4),
    /**
     * A failure outside the input's content: unreadable file, full disk, permission denied, or not
     * enough memory under the JVM's limits.
     */
    IO_ERROR(5),
    /** A bug in Rosetta: anything not covered above. */
    INTERNAL(70);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** The process exit status. */
    public int code() {
        return code;
    }
}
