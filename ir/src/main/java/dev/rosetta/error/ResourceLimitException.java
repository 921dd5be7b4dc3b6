package dev.rosetta.error;

import java.nio.file.Path;

/**
 * The input claims a size beyond what the file holds or beyond a sane limit (a shape whose element
 * count overflows, a header length larger than the file, a nesting depth past the limit).
 *
 * <p>Raised before anything is allocated, so a hostile file cannot exhaust memory.
 */
public class ResourceLimitException extends MalformedInputException {
    private static final long serialVersionUID = 1L;

    public ResourceLimitException(Path file, String place, String problem) {
        super(file, place, problem);
    }
}
