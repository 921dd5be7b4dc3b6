package dev.rosetta.formats.keras.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One call of a layer inside a model (one of its inbound nodes).
 *
 * @param inputs the tensors the call reads, in order
 * @param kwargs keyword arguments of the call (an empty object when none)
 */
public record LayerCall(List<TensorRef> inputs, JsonNode kwargs) {
    public LayerCall {
        inputs = List.copyOf(inputs);
    }
}
