package dev.rosetta.error;

/** The command line asked for something impossible: a missing file, an unknown format name. */
public class UsageException extends RosettaException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.USAGE;
    }
}
