package dev.rosetta.runtime;

import java.util.Objects;

/**
 * How to load a model for execution.
 *
 * @param device where to run
 * @param recordIntermediates whether each run also records every intermediate value (for
 *     per-layer diagnosis; costs memory and, on some engines, optimizations)
 */
public record ExecutionOptions(Device device, boolean recordIntermediates) {
    public ExecutionOptions {
        Objects.requireNonNull(device, "device");
    }

    /** CPU, no intermediates. */
    public static ExecutionOptions cpu() {
        return new ExecutionOptions(Device.CPU, false);
    }
}
