package dev.rosetta.formats.keras.config;

import java.util.List;

/**
 * A Keras model config reduced to a graph of layer calls: Sequential configs are turned into the
 * same form as Functional ones (each layer called once on the previous layer's output).
 *
 * @param className {@code Sequential}, {@code Functional} or {@code Model}
 * @param name the model's name
 * @param layers the layers in config order (for a Sequential model, an {@code InputLayer} first,
 *     synthesized from the first layer's input shape when the config has none)
 * @param inputs the model's inputs
 * @param outputs the model's outputs
 * @param sequential true when the config was a Sequential model
 * @param syntheticInput true when the Sequential config had no {@code InputLayer} of its own
 */
public record ModelSpec(String className, String name, List<LayerSpec> layers, List<TensorRef> inputs,
                        List<TensorRef> outputs, boolean sequential, boolean syntheticInput) {
    public ModelSpec {
        layers = List.copyOf(layers);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** The layer called {@code layerName}, or {@code null}. */
    public LayerSpec layer(String layerName) {
        for (LayerSpec l : layers) {
            if (l.name().equals(layerName)) {
                return l;
            }
        }
        return null;
    }

    /**
     * The layers as the model's {@code layers} property lists them, which is the order Keras 3
     * saves their variables in: a Sequential model leaves its input layer out.
     */
    public List<LayerSpec> savedLayers() {
        if (sequential) {
            return layers.stream().filter(l -> !l.isInput()).toList();
        }
        return layers;
    }
}
