package dev.rosetta.batch;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.rosetta.error.ExitCode;
import java.util.Locale;

/** How a job ended; written in lower case ({@code accuracy_mismatch}) in every report. */
public enum JobStatus {
    /** Converted (and, when asked, verified within tolerance). */
    OK,
    /** The conversion or the verification failed: malformed input, I/O, a bug, a bad option. */
    CONVERSION_ERROR,
    /** The model uses an operator, layer or feature Rosetta does not support. */
    UNSUPPORTED,
    /** Converted, but the converted model's outputs differ from the source's beyond tolerance. */
    ACCURACY_MISMATCH,
    /** The job's process ran past its timeout and was stopped. */
    TIMEOUT,
    /** Not run: a file no format recognizes, an input already in the target format, an interrupt. */
    SKIPPED;

    /** The name in reports. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    static JobStatus fromWire(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** The status of a job whose conversion or verification ended with {@code code}. */
    static JobStatus of(ExitCode code) {
        return switch (code) {
            case SUCCESS -> OK;
            case MISMATCH -> ACCURACY_MISMATCH;
            case UNSUPPORTED -> UNSUPPORTED;
            default -> CONVERSION_ERROR;
        };
    }

    /** True when the job leaves an output behind (the ones a resumed run may keep). */
    boolean hasOutput() {
        return this == OK || this == ACCURACY_MISMATCH;
    }
}
