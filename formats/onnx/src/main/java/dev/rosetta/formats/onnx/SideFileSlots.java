package dev.rosetta.formats.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.rosetta.formats.AtomicOutput;
import dev.rosetta.formats.MappedFile;
import dev.rosetta.formats.ProtoLengths;
import dev.rosetta.formats.onnx.proto.OnnxProto.ModelProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Chooses the name of an ONNX model's external-data side file so that replacing a model never
 * touches the side file the previous model reads.
 *
 * <p>A model {@code m.onnx} keeps its tensors in one of two slots, {@code m.onnx.data} or
 * {@code m.onnx.1.data}. A new write fills the slot the existing {@code m.onnx} does not reference,
 * so until the new model is renamed into place the previous model and its side file stay intact
 * (a run killed at any moment leaves a consistent pair); once the new model is in place,
 * {@link #removeUnreferenced} deletes the other slot. Which slots a model references is read from
 * its protobuf structure ({@code ModelProto.graph.initializer.external_data["location"]}) without
 * loading any tensor.
 */
final class SideFileSlots {
    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int TENSOR_EXTERNAL_DATA = 13;
    private static final int ENTRY_KEY = 1;
    private static final int ENTRY_VALUE = 2;

    private SideFileSlots() {
    }

    /** The two slot names of the model named {@code modelName}. */
    static String[] slots(String modelName) {
        return new String[] {modelName + ".data", modelName + ".1.data"};
    }

    /**
     * The slot a new side file of {@code modelName} in {@code dir} goes to: the first slot the
     * model now at that name does not reference.
     */
    static String freeSlot(Path dir, String modelName) {
        Set<String> used = referencedLocations(dir.resolve(modelName));
        for (String slot : slots(modelName)) {
            if (!used.contains(slot)) {
                return slot;
            }
        }
        return slots(modelName)[0];
    }

    /**
     * Deletes the slot files of {@code model} that it does not reference (the previous model's
     * side file once the new model is in place), with their stale temporaries.
     */
    static void removeUnreferenced(Path model) {
        Path abs = model.toAbsolutePath();
        if (!Files.isRegularFile(abs)) {
            return;
        }
        Set<String> used = referencedLocations(abs);
        for (String slot : slots(abs.getFileName().toString())) {
            if (!used.contains(slot)) {
                AtomicOutput.deleteQuietly(abs.resolveSibling(slot));
            }
            AtomicOutput.cleanStaleTemporaries(abs.getParent(), slot);
        }
    }

    /**
     * The external-data locations {@code model} names; empty when it is absent, unreadable, too
     * large to hold a side-file model, or not an ONNX model at all (the slots are then free).
     */
    static Set<String> referencedLocations(Path model) {
        Set<String> out = new LinkedHashSet<>();
        try {
            if (!Files.isRegularFile(model) || Files.size(model) > Integer.MAX_VALUE) {
                return out;
            }
        } catch (IOException e) {
            return out;
        }
        try (MappedFile mapped = MappedFile.open(model)) {
            if (ProtoLengths.firstFault(mapped.segment(), ModelProto.getDescriptor()) != null) {
                return out;
            }
            CodedInputStream in = CodedInputStream.newInstance(mapped.segment().asByteBuffer());
            in.setRecursionLimit(8);
            forEachField(in, MODEL_GRAPH, graph -> forEachField(graph, GRAPH_INITIALIZER,
                    tensor -> forEachField(tensor, TENSOR_EXTERNAL_DATA, entry -> {
                        String[] kv = keyValue(entry);
                        if ("location".equals(kv[0]) && kv[1] != null) {
                            out.add(kv[1]);
                        }
                    })));
        } catch (IOException | RuntimeException e) {
            // Not a model we can read: it references nothing we know of.
            return new LinkedHashSet<>();
        }
        return out;
    }

    private interface FieldVisitor {
        void visit(CodedInputStream message) throws IOException;
    }

    /** Calls {@code visitor} on each length-delimited field {@code number}, skipping the others. */
    private static void forEachField(CodedInputStream in, int number, FieldVisitor visitor) throws IOException {
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                return;
            }
            if (WireFormat.getTagFieldNumber(tag) == number
                    && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                int limit = in.pushLimit(in.readRawVarint32());
                visitor.visit(in);
                in.skipRawBytes(in.getBytesUntilLimit());
                in.popLimit(limit);
            } else if (!in.skipField(tag)) {
                return;
            }
        }
    }

    private static String[] keyValue(CodedInputStream entry) throws IOException {
        String[] kv = new String[2];
        while (true) {
            int tag = entry.readTag();
            if (tag == 0) {
                return kv;
            }
            int field = WireFormat.getTagFieldNumber(tag);
            if ((field == ENTRY_KEY || field == ENTRY_VALUE)
                    && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                kv[field - 1] = entry.readStringRequireUtf8();
            } else if (!entry.skipField(tag)) {
                return kv;
            }
        }
    }
}
