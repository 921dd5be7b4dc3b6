package dev.rosetta.formats.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.ResourceLimitException;
import dev.rosetta.formats.ProtoLengths;
import dev.rosetta.formats.onnx.proto.OnnxProto.ModelProto;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Parses a {@link ModelProto} from untrusted bytes.
 *
 * <p>Protobuf itself bounds what a hostile file can do: lengths are checked against the input,
 * nesting is capped by a recursion limit, and bytes fields alias the (mapped) input instead of
 * being copied. What protobuf silently accepts, a known field sent with the wrong wire type (it
 * becomes an unknown field), is checked here afterwards, so that such a file is reported instead of
 * read as if the field were absent. Every failure is a {@link MalformedInputException} naming the
 * file.
 */
final class ProtoParsing {
    /** Nesting depth allowed: graphs inside attributes inside graphs, and so on. */
    static final int RECURSION_LIMIT = 64;
    /** A protobuf message cannot exceed 2 GiB; ONNX keeps bigger tensors in external data. */
    static final long MAX_MODEL_BYTES = Integer.MAX_VALUE;

    private ProtoParsing() {
    }

    /**
     * Parses the model held by {@code bytes} (a mapped file or a heap array), aliasing bytes
     * fields to it: tensors read from raw_data stay views of {@code bytes}.
     */
    static ModelProto parseModel(Path file, MemorySegment bytes) {
        if (bytes.byteSize() > MAX_MODEL_BYTES) {
            throw new ResourceLimitException(file, "file size", bytes.byteSize()
                    + " bytes is over the 2 GiB a protobuf message can hold; an ONNX model that large keeps its"
                    + " tensors in external data files");
        }
        String fault = ProtoLengths.firstFault(bytes, ModelProto.getDescriptor());
        if (fault != null) {
            throw new MalformedInputException(file, "protobuf", "not a valid ONNX ModelProto (" + fault
                    + "); the file may be truncated or not an ONNX model");
        }
        // A stream over a wrapped ByteString treats its bytes as immutable, which aliasing needs:
        // a stream made from the buffer itself copies every bytes field (all of raw_data) to the heap.
        CodedInputStream in = UnsafeByteOperations.unsafeWrap(bytes.asByteBuffer()).newCodedInput();
        in.enableAliasing(true);
        in.setRecursionLimit(RECURSION_LIMIT);
        ModelProto model;
        try {
            model = ModelProto.parseFrom(in);
        } catch (java.io.IOException e) {
            throw new MalformedInputException(file, "protobuf", "not a valid ONNX ModelProto (" + e.getMessage()
                    + "); the file may be truncated or not an ONNX model", e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new MalformedInputException(file, "protobuf", "not a valid ONNX ModelProto (" + e + ")");
        }
        checkWireTypes(file, model, "ModelProto", 0);
        return model;
    }

    /**
     * Fails when a field the schema knows arrived with another wire type (protobuf keeps those as
     * unknown fields): e.g. {@code graph} (a message) sent as a varint.
     */
    private static void checkWireTypes(Path file, Message msg, String place, int depth) {
        if (depth > RECURSION_LIMIT) {
            throw new MalformedInputException(file, place, "nesting deeper than " + RECURSION_LIMIT);
        }
        for (Integer number : msg.getUnknownFields().asMap().keySet()) {
            FieldDescriptor f = msg.getDescriptorForType().findFieldByNumber(number);
            if (f != null) {
                throw new MalformedInputException(file, place, "field " + number + " (" + f.getName()
                        + ") should be " + describe(f) + " but has another protobuf wire type");
            }
        }
        for (Map.Entry<FieldDescriptor, Object> e : msg.getAllFields().entrySet()) {
            FieldDescriptor f = e.getKey();
            if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            if (f.isRepeated()) {
                List<?> items = (List<?>) e.getValue();
                for (int i = 0; i < items.size(); i++) {
                    checkWireTypes(file, (Message) items.get(i), place + "." + f.getName() + "[" + i + "]", depth + 1);
                }
            } else {
                checkWireTypes(file, (Message) e.getValue(), place + "." + f.getName(), depth + 1);
            }
        }
    }

    private static String describe(FieldDescriptor f) {
        return switch (f.getJavaType()) {
            case MESSAGE -> "a " + f.getMessageType().getName() + " message";
            case STRING, BYTE_STRING -> "length-delimited bytes";
            default -> "a " + f.getType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
