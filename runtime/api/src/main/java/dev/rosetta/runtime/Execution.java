package dev.rosetta.runtime;

import dev.rosetta.ir.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model loaded on an engine, ready to run. Holds native memory: close it. Close is idempotent;
 * running after close throws {@link IllegalStateException} naming the class.
 *
 * <p>An execution runs one input set at a time; it is not meant for concurrent use.
 */
public interface Execution extends AutoCloseable {

    /** The name of the backend that made this execution. */
    String backendName();

    /** Where it runs. */
    Device device();

    /** The declared inputs, in the model's order. */
    List<TensorSpec> inputs();

    /** The declared outputs, in the model's order. */
    List<TensorSpec> outputs();

    /**
     * Runs the model once.
     *
     * @param inputs one tensor per declared input, by name
     * @return every output by name, in the model's output order; tensors are heap copies that
     *     outlive this execution
     * @throws dev.rosetta.error.UsageException when an input is missing, unknown, or of the wrong
     *     dtype or rank
     * @throws dev.rosetta.error.UnsupportedFeatureException when the engine cannot run the model
     */
    LinkedHashMap<String, Tensor> run(Map<String, Tensor> inputs);

    /** True when this execution records intermediates at each run. */
    default boolean recordsIntermediates() {
        return false;
    }

    /**
     * The intermediate values of the last run in the model's topological order (graph outputs
     * included), when {@link #recordsIntermediates()}; empty otherwise.
     */
    default List<Intermediate> intermediates() {
        return List.of();
    }

    /** Releases the engine's resources. Idempotent. */
    @Override
    void close();
}
