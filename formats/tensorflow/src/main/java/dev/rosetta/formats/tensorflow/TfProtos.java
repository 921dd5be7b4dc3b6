package dev.rosetta.formats.tensorflow;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnsafeByteOperations;
import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.ResourceLimitException;
import dev.rosetta.error.RosettaIOException;
import dev.rosetta.formats.ProtoLengths;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;

/**
 * Reads TensorFlow's protobuf files strictly: a message with fields its schema does not have (a
 * different protobuf that happens to parse) is refused, so that a GraphDef is not mistaken for a
 * SavedModel or the other way round, and node names must look like TensorFlow's.
 */
final class TfProtos {
    /** TensorFlow's rule for node names ({@code NodeDef.name}). */
    static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9.][A-Za-z0-9_.\\-/>]*");
    /** Op type names: identifiers. */
    static final Pattern OP_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_>]*");
    /** Protobuf messages cannot exceed 2 GiB. */
    static final long MAX_PROTO_BYTES = Integer.MAX_VALUE;

    private TfProtos() {
    }

    static byte[] readAll(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_PROTO_BYTES) {
                throw new ResourceLimitException(file, "", "a protobuf file of " + size
                        + " bytes (protobuf messages are limited to 2 GiB)");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new RosettaIOException(file, "reading the file", e);
        }
    }

    /**
     * Parses a SavedModel.
     *
     * @throws MalformedInputException when the bytes are not a SavedModel with at least one meta graph
     */
    static SavedModel savedModel(Path file, byte[] bytes) {
        SavedModel sm = parse(file, "SavedModel", CodedInputStream.newInstance(bytes), SavedModel::parseFrom);
        if (!sm.getUnknownFields().asMap().isEmpty() || sm.getMetaGraphsCount() == 0) {
            throw notA(file, "SavedModel", sm.getMetaGraphsCount() == 0 ? "it holds no meta graph"
                    : "it has fields a SavedModel does not have (" + sm.getUnknownFields().asMap().keySet() + ")", null);
        }
        for (int i = 0; i < sm.getMetaGraphsCount(); i++) {
            MetaGraphDef mg = sm.getMetaGraphs(i);
            if (!mg.getUnknownFields().asMap().isEmpty() || !mg.hasGraphDef()) {
                throw notA(file, "SavedModel", "meta graph " + i + " " + (mg.hasGraphDef()
                        ? "has fields a MetaGraphDef does not have" : "has no graph"), null);
            }
            checkNodes(file, mg.getGraphDef(), "SavedModel");
        }
        return sm;
    }

    /**
     * Parses a GraphDef.
     *
     * @throws MalformedInputException when the bytes are not a GraphDef with TensorFlow-like nodes
     */
    static GraphDef graphDef(Path file, byte[] bytes) {
        return graphDef(file, CodedInputStream.newInstance(bytes));
    }

    /**
     * Parses a GraphDef held in {@code bytes} (a mapped file, at most {@link #MAX_PROTO_BYTES}):
     * bytes fields such as a constant's {@code tensor_content} stay views of it, so the weights of a
     * frozen graph are not copied into the heap.
     *
     * @throws MalformedInputException when the bytes are not a GraphDef with TensorFlow-like nodes
     */
    static GraphDef graphDef(Path file, MemorySegment bytes) {
        if (bytes.byteSize() > MAX_PROTO_BYTES) {
            throw new ResourceLimitException(file, "", "a protobuf file of " + bytes.byteSize()
                    + " bytes (protobuf messages are limited to 2 GiB)");
        }
        String fault = ProtoLengths.firstFault(bytes, GraphDef.getDescriptor());
        if (fault != null) {
            throw notA(file, "GraphDef", fault, null);
        }
        // A stream over a wrapped ByteString treats its bytes as immutable, which aliasing needs.
        CodedInputStream in = UnsafeByteOperations.unsafeWrap(bytes.asByteBuffer()).newCodedInput();
        in.enableAliasing(true);
        return graphDef(file, in);
    }

    private static GraphDef graphDef(Path file, CodedInputStream in) {
        GraphDef g = parse(file, "GraphDef", in, GraphDef::parseFrom);
        if (!g.getUnknownFields().asMap().isEmpty()) {
            throw notA(file, "GraphDef", "it has fields a GraphDef does not have ("
                    + g.getUnknownFields().asMap().keySet() + ")", null);
        }
        if (g.getNodeCount() == 0) {
            throw notA(file, "GraphDef", "it has no nodes", null);
        }
        checkNodes(file, g, "GraphDef");
        return g;
    }

    /** A protobuf parser of one message type. */
    @FunctionalInterface
    private interface Parser<T> {
        T parse(CodedInputStream in) throws IOException;
    }

    private static <T> T parse(Path file, String what, CodedInputStream in, Parser<T> parser) {
        try {
            return parser.parse(in);
        } catch (IOException e) {
            throw notA(file, what, e.getMessage(), e);
        }
    }

    /** True when {@code bytes} parse as a GraphDef that {@link #graphDef} would accept. */
    static boolean isGraphDef(byte[] bytes) {
        try {
            graphDef(null, bytes);
            return true;
        } catch (MalformedInputException e) {
            return false;
        }
    }

    private static void checkNodes(Path file, GraphDef g, String what) {
        for (int i = 0; i < g.getNodeCount(); i++) {
            NodeDef n = g.getNode(i);
            if (!n.getUnknownFields().asMap().isEmpty() || !NODE_NAME.matcher(n.getName()).matches()
                    || !OP_NAME.matcher(n.getOp()).matches()) {
                throw notA(file, what, "node " + i + " is not a TensorFlow NodeDef (name '" + clip(n.getName())
                        + "', op '" + clip(n.getOp()) + "')", null);
            }
        }
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private static MalformedInputException notA(Path file, String what, String why, Throwable cause) {
        String msg = "expected a TensorFlow " + what + " protobuf, but " + why;
        return cause == null ? new MalformedInputException(file, "", msg) : new MalformedInputException(file, "", msg, cause);
    }
}
