package dev.rosetta.formats.keras.config;

/**
 * A reference to one output of one call of a layer, as Keras configs write it:
 * {@code [layer_name, node_index, tensor_index]}.
 *
 * @param layer the layer's name within its model
 * @param node which call of that layer (its inbound node), from 0
 * @param tensor which output of that call, from 0
 */
public record TensorRef(String layer, int node, int tensor) {
    @Override
    public String toString() {
        return layer + "[" + node + "][" + tensor + "]";
    }
}
