package dev.rosetta.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A value flowing through a graph: a graph input, an initializer (a value with a constant
 * {@link Tensor}) or a node output.
 *
 * <p>Values compare by identity. A value has at most one producer, fixed when the producing
 * {@link Node} is built, and knows its uses. Name, type, shape and layout may be refined by passes.
 */
public final class Value {
    private String name;
    private DType dtype;
    private Shape shape;
    private Layout layout;
    private Node producer;
    private int producerOutput = -1;
    private final List<Usage> uses = new ArrayList<>();
    private Tensor constant;

    /** A use of a value: input {@code index} of {@code node}. */
    public record Usage(Node node, int index) {
    }

    /**
     * @param name unique within its graph
     * @param dtype element type, or {@code null} when unknown
     * @param shape shape, {@link Shape#UNKNOWN_RANK} when unknown
     * @param layout what the axes mean
     */
    public Value(String name, DType dtype, Shape shape, Layout layout) {
        this.name = Objects.requireNonNull(name, "name");
        this.dtype = dtype;
        this.shape = shape == null ? Shape.UNKNOWN_RANK : shape;
        this.layout = layout == null ? Layout.UNKNOWN : layout;
    }

    /** A value of unknown type and shape. */
    public Value(String name) {
        this(name, null, Shape.UNKNOWN_RANK, Layout.UNKNOWN);
    }

    /** An initializer: a value whose content is the given constant. */
    public static Value constant(String name, Tensor tensor, Layout layout) {
        Value v = new Value(name, tensor.dtype(), tensor.staticShape(), layout);
        v.constant = tensor;
        return v;
    }

    public String name() {
        return name;
    }

    public void setName(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /** Element type, or {@code null} when unknown. */
    public DType dtype() {
        return dtype;
    }

    public void setDtype(DType dtype) {
        this.dtype = dtype;
    }

    public Shape shape() {
        return shape;
    }

    public void setShape(Shape shape) {
        this.shape = shape == null ? Shape.UNKNOWN_RANK : shape;
    }

    public Layout layout() {
        return layout;
    }

    public void setLayout(Layout layout) {
        this.layout = layout == null ? Layout.UNKNOWN : layout;
    }

    /** The node that produces this value, or {@code null} for inputs and initializers. */
    public Node producer() {
        return producer;
    }

    /** Which output of {@link #producer()} this value is, or -1. */
    public int producerOutput() {
        return producerOutput;
    }

    /** The constant content of an initializer, or {@code null}. */
    public Tensor constant() {
        return constant;
    }

    /**
     * What this value holds when that is known before anything runs: the initializer's tensor, or
     * the tensor of the {@code Constant} node that produces it; else {@code null}.
     */
    public Tensor knownValue() {
        if (isConstant()) {
            return constant();
        }
        Node p = producer();
        return p != null && p.opType().equals("Constant") && p.attribute("value") instanceof Attribute.TensorValue t
                ? t.value() : null;
    }

    public boolean isConstant() {
        return constant != null;
    }

    /**
     * Replaces the constant content (a weight permutation, say), updating dtype and shape.
     */
    public void setConstant(Tensor tensor) {
        this.constant = Objects.requireNonNull(tensor, "tensor");
        this.dtype = tensor.dtype();
        this.shape = tensor.staticShape();
    }

    /** The nodes reading this value, in the order the uses were made. */
    public List<Usage> uses() {
        return Collections.unmodifiableList(uses);
    }

    void setProducer(Node node, int index) {
        this.producer = node;
        this.producerOutput = index;
    }

    void addUse(Node node, int index) {
        uses.add(new Usage(node, index));
    }

    void removeUse(Node node, int index) {
        uses.removeIf(u -> u.node() == node && u.index() == index);
    }

    @Override
    public String toString() {
        return "Value(" + name + ": " + (dtype == null ? "?" : dtype.shortName()) + shape
                + (layout == Layout.NONE || layout == Layout.UNKNOWN ? "" : " " + layout) + ")";
    }
}
