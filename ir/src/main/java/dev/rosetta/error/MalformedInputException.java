package dev.rosetta.error;

import java.nio.file.Path;

/**
 * The input is not a valid file of its format: truncated, corrupted, inconsistent or hostile.
 *
 * <p>The message always names the file, the place inside it (an offset, an entry, a tensor name)
 * and what was expected there, e.g. {@code "model.npy: header at byte 10: expected a dict
 * literal, found '['"}.
 */
public class MalformedInputException extends RosettaException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String place;

    /**
     * @param file the input file, or {@code null} for in-memory input
     * @param place where in the file the problem is ("header", "entry 'data/0'", "byte 1024")
     * @param problem what was expected and what was found
     */
    public MalformedInputException(Path file, String place, String problem) {
        super(format(file, place, problem));
        this.file = file;
        this.place = place;
    }

    public MalformedInputException(Path file, String place, String problem, Throwable cause) {
        super(format(file, place, problem), cause);
        this.file = file;
        this.place = place;
    }

    private static String format(Path file, String place, String problem) {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file).append(": ");
        }
        if (place != null && !place.isEmpty()) {
            sb.append(place).append(": ");
        }
        return sb.append(problem).toString();
    }

    /** The offending file, or {@code null} when the input was not a file. */
    public Path file() {
        return file;
    }

    /** Where in the file the problem is. */
    public String place() {
        return place;
    }

    @Override
    public ExitCode exitCode() {
        return ExitCode.MALFORMED_INPUT;
    }
}
