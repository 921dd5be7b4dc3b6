package dev.rosetta.formats.keras.write;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * One Keras layer of a model being written: its unique name, class, config, the layers whose
 * (single) outputs it reads, its weights in Keras order, and the shape of its output
 * ({@code -1} for the batch and unknown sizes; {@code null} when the rank is unknown).
 */
public final class KerasLayer {
    private String name;
    private final String className;
    private final ObjectNode config;
    private List<String> inbound;
    private Node source;
    private final List<KerasWeight> weights = new ArrayList<>();
    private long[] outputShape;
    private DType dtype = DType.FLOAT32;

    KerasLayer(String name, String className, ObjectNode config, List<String> inbound) {
        this.name = name;
        this.className = className;
        this.config = config;
        this.inbound = List.copyOf(inbound);
        config.put("name", name);
    }

    public String name() {
        return name;
    }

    /** Renames the layer (its config's {@code name} too); {@link KerasGraph#rename} keeps references in step. */
    void rename(String newName) {
        this.name = newName;
        config.put("name", newName);
    }

    /** Replaces the names of the layers this one reads (same layers, another argument order, or renamed). */
    void setInbound(List<String> names) {
        this.inbound = List.copyOf(names);
    }

    /** The IR node this layer was written for, or {@code null} (input layers). */
    public Node source() {
        return source;
    }

    void setSource(Node node) {
        this.source = node;
    }

    public String className() {
        return className;
    }

    /** The layer's config object (mutable while exporting). */
    public ObjectNode config() {
        return config;
    }

    /** Names of the layers this one reads, in argument order; empty for an InputLayer. */
    public List<String> inbound() {
        return inbound;
    }

    public List<KerasWeight> weights() {
        return weights;
    }

    /** Adds a weight; order matters (it is Keras's {@code layer.weights} order). */
    public KerasLayer weight(KerasWeight w) {
        weights.add(w);
        return this;
    }

    public long[] outputShape() {
        return outputShape == null ? null : outputShape.clone();
    }

    public void setOutputShape(long[] shape) {
        this.outputShape = shape == null ? null : shape.clone();
    }

    public DType dtype() {
        return dtype;
    }

    public void setDtype(DType dtype) {
        this.dtype = dtype == null ? DType.FLOAT32 : dtype;
    }

    public boolean isInput() {
        return className.equals("InputLayer");
    }
}
