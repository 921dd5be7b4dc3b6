package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Value;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX node as the importer hands it to an {@link OnnxOpMapping}: the file's op type, the
 * operator-set version it binds to, its attributes decoded to IR {@link Attribute}s, its inputs
 * already resolved to IR {@link Value}s ({@code null} for an omitted optional input) and the names
 * of its outputs ({@code ""} for an omitted optional output).
 *
 * <p>The protobuf stays in the reader: op classes see only this view.
 *
 * @param name the node name (never empty: the importer invents one when the file has none)
 * @param opType the ONNX op type
 * @param opset the version of the default ONNX domain the node binds to
 * @param inputs resolved inputs
 * @param outputs output names
 * @param attributes decoded attributes (graph-valued ones are not representable and are absent)
 */
public record OnnxNode(String name, String opType, int opset, List<Value> inputs, List<String> outputs,
                       Map<String, Attribute> attributes) {

    public OnnxNode {
        inputs = Collections.unmodifiableList(new java.util.ArrayList<>(inputs));
        outputs = List.copyOf(outputs);
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** Input {@code i}, or {@code null} when omitted or beyond the list. */
    public Value input(int i) {
        return i < inputs.size() ? inputs.get(i) : null;
    }

    /** Output name {@code i}, or {@code ""} when omitted or beyond the list. */
    public String output(int i) {
        return i < outputs.size() ? outputs.get(i) : "";
    }

    /** True when output {@code i} is named (so something may read it). */
    public boolean hasOutput(int i) {
        return !output(i).isEmpty();
    }

    public boolean has(String key) {
        return attributes.containsKey(key);
    }

    /** An integer attribute or {@code fallback}. */
    public long attrInt(String key, long fallback) {
        return attributes.get(key) instanceof Attribute.Int i ? i.value() : fallback;
    }

    /** A float attribute or {@code fallback}; an integer attribute is accepted too. */
    public float attrFloat(String key, float fallback) {
        Attribute a = attributes.get(key);
        if (a instanceof Attribute.Float f) {
            return f.value();
        }
        return a instanceof Attribute.Int i ? i.value() : fallback;
    }

    /** A string attribute or {@code fallback}. */
    public String attrString(String key, String fallback) {
        return attributes.get(key) instanceof Attribute.Str s ? s.value() : fallback;
    }

    /** An integer-list attribute or {@code null}. */
    public long[] attrInts(String key) {
        return attributes.get(key) instanceof Attribute.Ints i ? i.values() : null;
    }

    /** The attributes without the given keys (legacy ones a mapping drops). */
    public Map<String, Attribute> attributesWithout(String... keys) {
        Map<String, Attribute> m = new LinkedHashMap<>(attributes);
        Arrays.asList(keys).forEach(m::remove);
        return m;
    }

    /** {@code 'name' (OpType)}, as used in messages. */
    public String describe() {
        return "'" + name + "' (" + opType + ")";
    }
}
