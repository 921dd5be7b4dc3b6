package dev.rosetta.error;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Root of every error Rosetta reports on purpose.
 *
 * <p>Unchecked so that readers and passes need not declare it; each subclass maps to one
 * {@link ExitCode}. Layers add what they were doing with {@link #addContext(String)} ("while
 * importing node 'layer1.0.conv1' (Conv)"), and {@link #getMessage()} prints the innermost message
 * followed by that context, outermost last.
 */
public class RosettaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> context = new ArrayList<>();

    public RosettaException(String message) {
        super(message);
    }

    public RosettaException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The exit code a command returns when this error ends it. */
    public ExitCode exitCode() {
        return ExitCode.INTERNAL;
    }

    /**
     * Adds a line of context saying what was being done when this error happened.
     *
     * @return this exception, to rethrow
     */
    public RosettaException addContext(String whatWasBeingDone) {
        context.add(whatWasBeingDone);
        return this;
    }

    /** The context lines, innermost first. */
    public List<String> context() {
        return Collections.unmodifiableList(context);
    }

    /** The message without the context lines. */
    public String baseMessage() {
        return super.getMessage();
    }

    @Override
    public String getMessage() {
        if (context.isEmpty()) {
            return super.getMessage();
        }
        StringBuilder sb = new StringBuilder(String.valueOf(super.getMessage()));
        for (String c : context) {
            sb.append(" (").append(c).append(')');
        }
        return sb.toString();
    }
}
