package dev.rosetta.runtime.onnxruntime;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import dev.rosetta.error.MalformedInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the node list of a serialized ONNX {@code ModelProto} and appends graph outputs, working
 * on the protobuf wire format with field numbers only (ModelProto.graph = 7; GraphProto.node = 1,
 * initializer = 5, input = 11, output = 12; NodeProto.output = 2, name = 3, op_type = 4;
 * ValueInfoProto.name = 1), so the model's bytes, weights included, stay exactly as written.
 *
 * <p>Per-layer diagnosis makes every node output a graph output this way (a {@code ValueInfoProto}
 * holding only a name; ONNX Runtime infers the type).
 */
final class OnnxGraphEdit {
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int VALUE_NAME = 1;
    private static final int TENSOR_NAME = 8;

    /** One node of the main graph. */
    record NodeInfo(String name, String opType, List<String> outputs) {
    }

    private final Path file;
    private final UnknownFieldSet model;
    private final UnknownFieldSet graph;

    private OnnxGraphEdit(Path file, UnknownFieldSet model, UnknownFieldSet graph) {
        this.file = file;
        this.model = model;
        this.graph = graph;
    }

    /**
     * @param file for messages; may be {@code null} for models built in memory
     * @throws MalformedInputException when the bytes are not a ModelProto with a graph
     */
    static OnnxGraphEdit parse(Path file, byte[] bytes) {
        try {
            UnknownFieldSet m = UnknownFieldSet.parseFrom(bytes);
            UnknownFieldSet.Field g = m.getField(MODEL_GRAPH);
            if (g.getLengthDelimitedList().isEmpty()) {
                throw new MalformedInputException(file, "ModelProto", "expected a graph (field 7), found none");
            }
            return new OnnxGraphEdit(file, m, UnknownFieldSet.parseFrom(g.getLengthDelimitedList().getLast()));
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedInputException(file, "ModelProto", "expected a protobuf message: " + e.getMessage(), e);
        }
    }

    /** The main graph's nodes in file order (topological, as ONNX requires). */
    List<NodeInfo> nodes() {
        List<NodeInfo> out = new ArrayList<>();
        for (ByteString b : graph.getField(GRAPH_NODE).getLengthDelimitedList()) {
            UnknownFieldSet n = parseNested(b, "NodeProto");
            List<String> outputs = strings(n, NODE_OUTPUT);
            out.add(new NodeInfo(string(n, NODE_NAME), string(n, NODE_OP_TYPE), outputs));
        }
        return out;
    }

    /** Names of the graph's declared outputs, in order. */
    List<String> outputNames() {
        return names(GRAPH_OUTPUT, VALUE_NAME);
    }

    /**
     * The model bytes with {@code extra} appended to the graph's outputs (names already among the
     * graph's inputs, outputs or initializers are skipped).
     */
    byte[] withOutputs(List<String> extra) {
        Set<String> taken = new LinkedHashSet<>(outputNames());
        taken.addAll(names(GRAPH_INPUT, VALUE_NAME));
        taken.addAll(names(GRAPH_INITIALIZER, TENSOR_NAME));
        UnknownFieldSet.Field.Builder outs = UnknownFieldSet.Field.newBuilder(graph.getField(GRAPH_OUTPUT));
        for (String name : extra) {
            if (!name.isEmpty() && taken.add(name)) {
                UnknownFieldSet vi = UnknownFieldSet.newBuilder()
                        .addField(VALUE_NAME, UnknownFieldSet.Field.newBuilder()
                                .addLengthDelimited(ByteString.copyFromUtf8(name)).build())
                        .build();
                outs.addLengthDelimited(vi.toByteString());
            }
        }
        UnknownFieldSet g = UnknownFieldSet.newBuilder(graph).clearField(GRAPH_OUTPUT).addField(GRAPH_OUTPUT, outs.build())
                .build();
        UnknownFieldSet.Field graphField = UnknownFieldSet.Field.newBuilder().addLengthDelimited(g.toByteString()).build();
        UnknownFieldSet m = UnknownFieldSet.newBuilder(model).clearField(MODEL_GRAPH).addField(MODEL_GRAPH, graphField)
                .build();
        return m.toByteArray();
    }

    private List<String> names(int field, int nameField) {
        List<String> out = new ArrayList<>();
        for (ByteString b : graph.getField(field).getLengthDelimitedList()) {
            out.add(string(parseNested(b, "graph entry " + field), nameField));
        }
        return out;
    }

    private UnknownFieldSet parseNested(ByteString b, String what) {
        try {
            return UnknownFieldSet.parseFrom(b);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedInputException(file, what, "expected a protobuf message: " + e.getMessage(), e);
        }
    }

    private static String string(UnknownFieldSet m, int field) {
        List<ByteString> l = m.getField(field).getLengthDelimitedList();
        return l.isEmpty() ? "" : l.getLast().toStringUtf8();
    }

    private static List<String> strings(UnknownFieldSet m, int field) {
        return m.getField(field).getLengthDelimitedList().stream().map(ByteString::toStringUtf8).toList();
    }
}
