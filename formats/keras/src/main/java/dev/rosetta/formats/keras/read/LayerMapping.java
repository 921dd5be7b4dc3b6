package dev.rosetta.formats.keras.read;

import dev.rosetta.ir.Value;
import java.util.List;

/**
 * How one Keras layer class becomes IR nodes. Implementations are stateless; one instance serves
 * every layer of its class, registered in {@link LayerTable}.
 */
public interface LayerMapping {

    /**
     * The variables a layer with this config owns, in Keras order (the order of
     * {@code layer.weights}, which Keras 3 files store them by): {@code kernel}, {@code bias}, ...
     */
    default List<String> variables(LayerConfig config) {
        return List.of();
    }

    /**
     * What in this config Rosetta cannot express (an unknown activation, an unsupported axis), one
     * line each; empty when supported. Called for every layer before any is built, so that all
     * problems are reported at once.
     */
    default List<String> unsupported(LayerConfig config) {
        return List.of();
    }

    /**
     * Builds one call of the layer.
     *
     * @return the call's outputs (usually one)
     * @throws dev.rosetta.error.MalformedInputException when the config or weights are inconsistent
     */
    List<Value> build(LayerContext ctx);
}
