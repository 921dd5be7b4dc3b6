package dev.rosetta.ir;

import dev.rosetta.error.InvalidGraphException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One operation: an ONNX-named op type (in a domain, {@code ""} for the default ONNX domain), its
 * attributes, the values it reads and the values it produces.
 *
 * <p>Outputs are fixed when the node is built; building a node whose output already has a
 * producer fails with {@link InvalidGraphException}. Inputs change only through
 * {@link #replaceInputWith(int, Value)}, which keeps uses consistent. An omitted optional input is
 * {@code null}.
 */
public final class Node {
    private String name;
    private final String domain;
    private final String opType;
    private final Map<String, Attribute> attributes;
    private final List<Value> inputs;
    private final List<Value> outputs;

    public Node(String name, String opType, List<Value> inputs, List<Value> outputs,
                Map<String, Attribute> attributes) {
        this(name, "", opType, inputs, outputs, attributes);
    }

    public Node(String name, String domain, String opType, List<Value> inputs, List<Value> outputs,
                Map<String, Attribute> attributes) {
        this.name = Objects.requireNonNull(name, "name");
        this.domain = domain == null ? "" : domain;
        this.opType = Objects.requireNonNull(opType, "opType");
        this.attributes = new LinkedHashMap<>(attributes == null ? Map.of() : attributes);
        this.inputs = new ArrayList<>(inputs);
        this.outputs = List.copyOf(outputs);
        for (int i = 0; i < this.outputs.size(); i++) {
            Value out = this.outputs.get(i);
            if (out.producer() != null) {
                throw new InvalidGraphException("value '" + out.name() + "' has two producers: node "
                        + out.producer().describe() + " and node " + describe());
            }
            if (out.isConstant()) {
                throw new InvalidGraphException("value '" + out.name()
                        + "' is an initializer and cannot also be produced by node " + describe());
            }
        }
        for (int i = 0; i < this.outputs.size(); i++) {
            this.outputs.get(i).setProducer(this, i);
        }
        for (int i = 0; i < this.inputs.size(); i++) {
            Value in = this.inputs.get(i);
            if (in != null) {
                in.addUse(this, i);
            }
        }
    }

    public String name() {
        return name;
    }

    public void setName(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    public String domain() {
        return domain;
    }

    public String opType() {
        return opType;
    }

    /** The inputs; an omitted optional input is {@code null}. */
    public List<Value> inputs() {
        return Collections.unmodifiableList(inputs);
    }

    /** Input {@code i}, or {@code null} when omitted or beyond the list. */
    public Value input(int i) {
        return i < inputs.size() ? inputs.get(i) : null;
    }

    public List<Value> outputs() {
        return outputs;
    }

    public Value output(int i) {
        return outputs.get(i);
    }

    /** Rewires input {@code index} to read {@code value} instead, updating both values' uses. */
    public void replaceInputWith(int index, Value value) {
        Value old = inputs.get(index);
        if (old != null) {
            old.removeUse(this, index);
        }
        inputs.set(index, value);
        if (value != null) {
            value.addUse(this, index);
        }
    }

    /**
     * Appends an input after the existing ones (an optional trailing input that was absent, such as
     * a convolution's bias), recording the use.
     */
    public void addInput(Value value) {
        inputs.add(value);
        if (value != null) {
            value.addUse(this, inputs.size() - 1);
        }
    }

    /** Drops this node's uses of its inputs; called when the node leaves its graph. */
    void detachInputs() {
        for (int i = 0; i < inputs.size(); i++) {
            Value in = inputs.get(i);
            if (in != null) {
                in.removeUse(this, i);
            }
        }
    }

    public Map<String, Attribute> attributes() {
        return Collections.unmodifiableMap(attributes);
    }

    public Attribute attribute(String key) {
        return attributes.get(key);
    }

    public void setAttribute(String key, Attribute value) {
        attributes.put(key, Objects.requireNonNull(value, "value"));
    }

    public void removeAttribute(String key) {
        attributes.remove(key);
    }

    /** An integer attribute, or {@code fallback} when absent. */
    public long attrInt(String key, long fallback) {
        Attribute a = attributes.get(key);
        if (a == null) {
            return fallback;
        }
        if (a instanceof Attribute.Int i) {
            return i.value();
        }
        throw wrongType(key, "an integer", a);
    }

    /** A float attribute, or {@code fallback} when absent. */
    public float attrFloat(String key, float fallback) {
        Attribute a = attributes.get(key);
        if (a == null) {
            return fallback;
        }
        if (a instanceof Attribute.Float f) {
            return f.value();
        }
        throw wrongType(key, "a float", a);
    }

    /** A string attribute, or {@code fallback} when absent. */
    public String attrString(String key, String fallback) {
        Attribute a = attributes.get(key);
        if (a == null) {
            return fallback;
        }
        if (a instanceof Attribute.Str s) {
            return s.value();
        }
        throw wrongType(key, "a string", a);
    }

    /** An integer-list attribute, or {@code fallback} when absent. */
    public long[] attrInts(String key, long[] fallback) {
        Attribute a = attributes.get(key);
        if (a == null) {
            return fallback == null ? null : fallback.clone();
        }
        if (a instanceof Attribute.Ints i) {
            return i.values();
        }
        throw wrongType(key, "a list of integers", a);
    }

    private InvalidGraphException wrongType(String key, String expected, Attribute a) {
        return new InvalidGraphException("attribute '" + key + "' of node " + describe()
                + " should be " + expected + " but is " + a.getClass().getSimpleName());
    }

    /** {@code 'name' (OpType)}, as used in messages. */
    public String describe() {
        return "'" + name + "' (" + (domain.isEmpty() ? "" : domain + ".") + opType + ")";
    }

    @Override
    public String toString() {
        return "Node" + describe();
    }
}
