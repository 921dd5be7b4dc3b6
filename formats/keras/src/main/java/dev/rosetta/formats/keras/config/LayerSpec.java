package dev.rosetta.formats.keras.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One layer of a Keras model config.
 *
 * @param name the layer's name, unique within its model
 * @param className the Keras class ({@code Conv2D}, {@code Dense}, ...)
 * @param config the layer's {@code config} object
 * @param calls the layer's calls in this model, in order (empty for an {@code InputLayer})
 * @param nested the model's own spec when this layer is a model used as a layer, else {@code null}
 */
public record LayerSpec(String name, String className, JsonNode config, List<LayerCall> calls, ModelSpec nested) {
    public LayerSpec {
        calls = List.copyOf(calls);
    }

    /** True for {@code InputLayer}. */
    public boolean isInput() {
        return className.equals("InputLayer");
    }
}
