package dev.rosetta.runtime;

import dev.rosetta.ir.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every engine's {@link Execution} shares: the backend's name and the device it runs on, the
 * intermediates of the last run, runs refused once closed, and a close that releases the engine's
 * resources exactly once. A subclass declares its inputs and outputs, runs the engine in
 * {@link #runOpen} and frees what it holds in {@link #release}.
 */
public abstract class EngineExecution implements Execution {
    private final String backendName;
    private final Device device;
    private List<Intermediate> intermediates = List.of();
    private boolean closed;

    /**
     * @param backendName the name of the backend that made this execution
     * @param device where it runs
     */
    protected EngineExecution(String backendName, Device device) {
        this.backendName = backendName;
        this.device = device;
    }

    @Override
    public final String backendName() {
        return backendName;
    }

    @Override
    public final Device device() {
        return device;
    }

    @Override
    public final List<Intermediate> intermediates() {
        return intermediates;
    }

    /** Keeps {@code recorded} as the intermediates of the last run. */
    protected final void recordIntermediates(List<Intermediate> recorded) {
        this.intermediates = List.copyOf(recorded);
    }

    /**
     * Runs the model once through {@link #runOpen}.
     *
     * @throws IllegalStateException when this execution is closed
     */
    @Override
    public final LinkedHashMap<String, Tensor> run(Map<String, Tensor> inputs) {
        if (closed) {
            throw new IllegalStateException(getClass().getSimpleName() + " is closed");
        }
        return runOpen(inputs);
    }

    /** Runs the model once on an open execution; the contract of {@link Execution#run}. */
    protected abstract LinkedHashMap<String, Tensor> runOpen(Map<String, Tensor> inputs);

    /** Releases the engine's resources on the first call; later calls do nothing. */
    @Override
    public final void close() {
        if (!closed) {
            closed = true;
            release();
        }
    }

    /** Frees what this execution holds in its engine; called once, by the first {@link #close}. */
    protected abstract void release();
}
