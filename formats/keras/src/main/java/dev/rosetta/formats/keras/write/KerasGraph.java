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

    /**
     * Renames layer {@code from} to {@code to} and every reference to it (inbound lists, model
     * inputs and outputs).
     *
     * @throws IllegalArgumentException when {@code from} is absent or {@code to} is taken
     */
    public void rename(String from, String to) {
        KerasLayer l = layer(from);
        if (l == null || layer(to) != null) {
            throw new IllegalArgumentException("cannot rename layer '" + from + "' to '" + to + "'");
        }
        l.rename(to);
        for (KerasLayer other : layers) {
            if (other.inbound().contains(from)) {
                other.setInbound(other.inbound().stream().map(n -> n.equals(from) ? to : n).toList());
            }
        }
        inputs.replaceAll(n -> n.equals(from) ? to : n);
        outputs.replaceAll(n -> n.equals(from) ? to : n);
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
