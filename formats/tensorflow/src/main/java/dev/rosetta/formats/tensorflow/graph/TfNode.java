package dev.rosetta.formats.tensorflow.graph;

import java.util.List;
import java.util.Map;
import org.tensorflow.proto.AttrValue;

/**
 * One operation of a flattened TensorFlow graph.
 *
 * @param name unique in the flat graph; nodes inlined from a function body are prefixed with the
 *     call's name ({@code StatefulPartitionedCall/conv/Conv2D})
 * @param op the TensorFlow op type
 * @param inputs data inputs as canonical tensor names {@code node:index}
 * @param controlInputs names of the nodes this one waits for (ignored for values)
 * @param attrs the node's attributes
 * @param origin where the node comes from: {@code "graph"} or the function it was inlined from
 */
public record TfNode(String name, String op, List<String> inputs, List<String> controlInputs,
                     Map<String, AttrValue> attrs, String origin) {
    public TfNode {
        inputs = List.copyOf(inputs);
        controlInputs = List.copyOf(controlInputs);
        attrs = Map.copyOf(attrs);
    }

    /** The attribute of that name, or {@code null}. */
    public AttrValue attr(String key) {
        return attrs.get(key);
    }

    /** {@code 'name' (Op)}, as used in messages. */
    public String describe() {
        return "'" + name + "' (" + op + ")";
    }

    /** The canonical name of output {@code index}: {@code name:index}. */
    public String output(int index) {
        return name + ":" + index;
    }
}
