package dev.rosetta.formats.onnx;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import com.google.protobuf.WireFormat;
import dev.rosetta.error.RosettaIOException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.AtomicOutput;
import dev.rosetta.formats.LittleEndianChunks;
import dev.rosetta.formats.onnx.proto.OnnxProto.OperatorSetIdProto;
import dev.rosetta.formats.onnx.proto.OnnxProto.StringStringEntryProto;
import dev.rosetta.formats.onnx.proto.OnnxProto.TensorProto;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the IR as an ONNX model, streaming.
 *
 * <p>The ModelProto is written field by field with a {@link CodedOutputStream}: the graph's length
 * is computed first from the small pieces (nodes, declarations, tensor headers) and the tensors'
 * byte counts, then tensor bytes are copied from each {@link Tensor}'s memory segment in chunks, so
 * no giant array is ever built. Tensors go to the side file {@code <model>.data} (64-byte aligned,
 * also streamed) when asked, or when the initializers exceed
 * {@link OnnxWriteOptions#externalThreshold()}: a protobuf message cannot hold 2 GiB.
 *
 * <p>The side file is named after the model's final name: when the target is a temporary of
 * {@link AtomicOutput} ({@code .<name>.rosetta-tmp-<id>}), the side file is {@code <name>.data} or
 * {@code <name>.1.data}, whichever the model now at {@code <name>} does not read
 * ({@link SideFileSlots}), written to its own temporary and moved into place once complete; the
 * previous model keeps its side file until {@link #committed} runs after the new model is in place.
 */
public final class OnnxWriter {
    private static final int CHUNK = 1 << 20;
    private static final int ALIGN = 64;
    private static final Pattern ATOMIC_TEMP = Pattern.compile("^\\.(.+)" + Pattern.quote(AtomicOutput.TEMP_MARKER) + ".*$");
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_NAME = 2;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    private static final int GRAPH_VALUE_INFO = 13;
    private static final int TENSOR_RAW_DATA = 9;

    private OnnxWriter() {
    }

    /** One initializer as written: its header and whether its bytes follow inline. */
    private record Entry(TensorProto header, Tensor tensor, boolean inline, long externalOffset) {
        long size() {
            long n = header.getSerializedSize();
            if (inline) {
                n += CodedOutputStream.computeTagSize(TENSOR_RAW_DATA) + varintSize(tensor.byteSize()) + tensor.byteSize();
            }
            return n;
        }
    }

    /**
     * Writes {@code model} to {@code target} (and its external data beside it when needed).
     *
     * @throws UnsupportedFeatureException listing every node that cannot be written at the opset
     * @throws RosettaIOException when writing fails
     */
    public static void write(Model model, Path target, OnnxWriteOptions options) {
        OnnxExporter.Plan plan = new OnnxExporter(model, options).run();
        Path dir = target.toAbsolutePath().getParent();
        String modelName = finalName(target);
        String dataName = SideFileSlots.freeSlot(dir, modelName);
        List<Entry> entries = layout(plan, options, dataName, true);
        boolean external = entries.stream().anyMatch(e -> !e.inline());
        Path dataTemp = null;
        if (external) {
            // A run killed while writing a side file left its temporary: this run removes it.
            for (String slot : SideFileSlots.slots(modelName)) {
                AtomicOutput.cleanStaleTemporaries(dir, slot);
            }
            dataTemp = dir.resolve("." + dataName + AtomicOutput.TEMP_MARKER + java.util.UUID.randomUUID());
        }
        try {
            if (external) {
                writeExternal(entries, dataTemp);
            }
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), CHUNK)) {
                writeModel(model, plan, entries, options, out);
            }
            if (external) {
                Files.move(dataTemp, dir.resolve(dataName), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new RosettaIOException(target, "writing the ONNX model", e);
        } finally {
            if (dataTemp != null) {
                AtomicOutput.deleteQuietly(dataTemp);
            }
        }
    }

    /**
     * Called once the model written by {@link #write} is in place at {@code target}: deletes the side
     * file the previous model read, which the new model no longer references.
     */
    public static void committed(Path target) {
        SideFileSlots.removeUnreferenced(target);
    }

    /**
     * The model as ONNX bytes in memory, e.g. to hand to ONNX Runtime.
     *
     * @throws UnsupportedFeatureException when a node cannot be written, or the tensors are too
     *     large for a model without external data
     */
    public static byte[] toBytes(Model model, OnnxWriteOptions options) {
        OnnxExporter.Plan plan = new OnnxExporter(model, options).run();
        List<Entry> entries = layout(plan, options, null, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeModel(model, plan, entries, options, out);
        } catch (IOException e) {
            throw new RosettaIOException(null, "serializing the ONNX model", e);
        }
        return out.toByteArray();
    }

    /** The name the target will finally have (the temporary of AtomicOutput names it). */
    static String finalName(Path target) {
        String name = target.getFileName().toString();
        Matcher m = ATOMIC_TEMP.matcher(name);
        return m.matches() ? m.group(1) : name;
    }

    private static List<Entry> layout(OnnxExporter.Plan plan, OnnxWriteOptions options, String dataName, boolean canExternal) {
        long total = 0;
        for (OnnxExporter.Initializer i : plan.initializers()) {
            total += i.tensor().byteSize();
        }
        boolean external = options.externalData() || total > options.externalThreshold();
        if (external && !canExternal) {
            throw new UnsupportedFeatureException("the model's " + total + " bytes of tensors need external data,"
                    + " which an in-memory ONNX model cannot have; write it to a file instead");
        }
        List<Entry> entries = new ArrayList<>();
        long offset = 0;
        for (OnnxExporter.Initializer i : plan.initializers()) {
            TensorProto.Builder h = OnnxTensors.header(i.name(), i.tensor());
            long bytes = i.tensor().byteSize();
            if (external && bytes >= OnnxWriteOptions.EXTERNAL_MIN_BYTES) {
                offset = (offset + ALIGN - 1) / ALIGN * ALIGN;
                h.setDataLocation(TensorProto.DataLocation.EXTERNAL)
                        .addExternalData(entry("location", dataName))
                        .addExternalData(entry("offset", Long.toString(offset)))
                        .addExternalData(entry("length", Long.toString(bytes)));
                entries.add(new Entry(h.build(), i.tensor(), false, offset));
                offset += bytes;
            } else {
                entries.add(new Entry(h.build(), i.tensor(), true, -1));
            }
        }
        return entries;
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    private static void writeExternal(List<Entry> entries, Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             LittleEndianChunks chunks = new LittleEndianChunks()) {
            for (Entry e : entries) {
                if (e.inline()) {
                    continue;
                }
                long pad = e.externalOffset() - ch.position();
                if (pad > 0) {
                    writeFully(ch, ByteBuffer.allocate((int) pad));
                }
                chunks.stream(e.tensor(), chunk -> writeFully(ch, chunk));
            }
        }
    }

    /** The graph's initializer fields: each tensor's header, then its bytes when they are inline. */
    private static void writeInitializers(List<Entry> entries, LittleEndianChunks chunks, CodedOutputStream out)
            throws IOException {
        for (Entry e : entries) {
            out.writeTag(GRAPH_INITIALIZER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt64NoTag(e.size());
            e.header().writeTo(out);
            if (e.inline()) {
                out.writeTag(TENSOR_RAW_DATA, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                out.writeUInt64NoTag(e.tensor().byteSize());
                chunks.stream(e.tensor(), out::writeRawBytes);
            }
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static void writeModel(Model model, OnnxExporter.Plan plan, List<Entry> entries, OnnxWriteOptions options,
                                   OutputStream stream) throws IOException {
        CodedOutputStream out = CodedOutputStream.newInstance(stream, 64 * 1024);
        out.writeInt64(1, options.irVersion());
        out.writeString(2, "rosetta");
        String version = OnnxWriter.class.getPackage().getImplementationVersion();
        out.writeString(3, version == null ? "dev" : version);
        String doc = model.metadata().get("doc");
        if (doc != null) {
            out.writeString(6, doc);
        }
        out.writeMessage(8, OperatorSetIdProto.newBuilder().setDomain("").setVersion(options.opset()).build());
        for (Map.Entry<String, String> m : model.metadata().entrySet()) {
            if (!m.getKey().startsWith("onnx.") && !m.getKey().equals("producer") && !m.getKey().equals("doc")
                    && !m.getKey().equals("producer_version")) {
                out.writeMessage(14, entry(m.getKey(), m.getValue()));
            }
        }
        long graphSize = graphSize(plan, entries);
        if (graphSize > Integer.MAX_VALUE) {
            throw new UnsupportedFeatureException("the graph needs " + graphSize + " bytes, over the 2 GiB a protobuf"
                    + " message holds; write it with external data");
        }
        out.writeTag(7, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag((int) graphSize);
        for (MessageLite n : plan.nodes()) {
            out.writeMessage(GRAPH_NODE, n);
        }
        out.writeString(GRAPH_NAME, plan.graphName());
        try (LittleEndianChunks chunks = new LittleEndianChunks()) {
            writeInitializers(entries, chunks, out);
        }
        for (MessageLite v : plan.inputs()) {
            out.writeMessage(GRAPH_INPUT, v);
        }
        for (MessageLite v : plan.outputs()) {
            out.writeMessage(GRAPH_OUTPUT, v);
        }
        for (MessageLite v : plan.valueInfo()) {
            out.writeMessage(GRAPH_VALUE_INFO, v);
        }
        out.flush();
    }

    private static long graphSize(OnnxExporter.Plan plan, List<Entry> entries) {
        long n = 0;
        for (MessageLite m : plan.nodes()) {
            n += CodedOutputStream.computeMessageSize(GRAPH_NODE, m);
        }
        n += CodedOutputStream.computeStringSize(GRAPH_NAME, plan.graphName());
        for (Entry e : entries) {
            n += CodedOutputStream.computeTagSize(GRAPH_INITIALIZER) + varintSize(e.size()) + e.size();
        }
        for (MessageLite m : plan.inputs()) {
            n += CodedOutputStream.computeMessageSize(GRAPH_INPUT, m);
        }
        for (MessageLite m : plan.outputs()) {
            n += CodedOutputStream.computeMessageSize(GRAPH_OUTPUT, m);
        }
        for (MessageLite m : plan.valueInfo()) {
            n += CodedOutputStream.computeMessageSize(GRAPH_VALUE_INFO, m);
        }
        return n;
    }

    private static int varintSize(long v) {
        return CodedOutputStream.computeUInt64SizeNoTag(v);
    }
}
