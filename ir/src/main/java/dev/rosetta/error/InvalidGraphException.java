package dev.rosetta.error;

/**
 * A graph breaks an IR invariant: a value with two producers, a cycle, an input nothing produces,
 * an initializer whose bytes disagree with its shape.
 *
 * <p>When a reader builds such a graph from a file the file is at fault, so this maps to
 * {@link ExitCode#MALFORMED_INPUT}.
 */
public class InvalidGraphException extends RosettaException {
    private static final long serialVersionUID = 1L;

    public InvalidGraphException(String message) {
        super(message);
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.MALFORMED_INPUT;
    }
}
