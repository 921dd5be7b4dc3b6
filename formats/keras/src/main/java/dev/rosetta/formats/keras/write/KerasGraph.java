package dev.rosetta.formats.keras.write;

import java.util.ArrayList;
import java.util.List;

/**
 * A Keras Functional model being written: its layers in topological order (input layers first),
 * and the names of the layers whose outputs are the model's inputs and outputs.
 */
public final class KerasGraph {
    private final String name;
    private final List<KerasLayer> layers = new ArrayList<>();
    private final List<String> inputs = new ArrayList<>();
    private final List<String> outputs = new ArrayList<>();

    public KerasGraph(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public List<KerasLayer> layers() {
        return layers;
    }

    public List<String> inputs() {
        return inputs;
    }

    public List<String> outputs() {
        return outputs;
    }

    /** The layer called {@code layerName}, or {@code null}. */
    public KerasLayer layer(String layerName) {
        for (KerasLayer l : layers) {
            if (l.name().equals(layerName)) {
                return l;
            }
        }
        return null;
    }
}
