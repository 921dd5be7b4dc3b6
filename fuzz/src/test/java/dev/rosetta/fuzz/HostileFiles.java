package dev.rosetta.fuzz;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.ResourceLimitException;
import dev.rosetta.error.RosettaException;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.FormatProvider;
import dev.rosetta.formats.keras.KerasH5Format;
import dev.rosetta.formats.keras.KerasV3Format;
import dev.rosetta.formats.numpy.NpyFormat;
import dev.rosetta.formats.onnx.OnnxFormat;
import dev.rosetta.formats.pytorch.PyTorchFormat;
import dev.rosetta.formats.pytorch.TorchScriptFormat;
import dev.rosetta.formats.safetensors.SafetensorsFormat;
import dev.rosetta.formats.tensorflow.GraphDefFormat;
import dev.rosetta.formats.tensorflow.SavedModelFormat;
import dev.rosetta.ir.Model;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Files that claim sizes they do not have, or nest deeper than any real file: one per limit a
 * reader must check before it allocates. Each {@link Case} says which typed error it must give.
 *
 * <p>{@link #main} reads every case and prints one line each; {@link ResourceLimitsTest} runs it in
 * a child JVM with a 256 MiB heap (and as much direct memory), where a reader that believed a claim
 * and allocated for it would die of {@link OutOfMemoryError}. Some entries are holes in sparse files,
 * so a 100 MB entry costs neither disk nor time.
 */
final class HostileFiles {
    /** What a case must end with. */
    enum Expect {
        /** A {@link ResourceLimitException}: the claim was checked against the file or a limit. */
        LIMIT(ResourceLimitException.class),
        /** A {@link MalformedInputException} (a resource limit counts too). */
        MALFORMED(MalformedInputException.class),
        /** Success or any typed error that is not internal: the point is no stack overflow, no hang. */
        ALLOWED(null);

        final Class<? extends RosettaException> type;

        Expect(Class<? extends RosettaException> type) {
            this.type = type;
        }
    }

    /** One hostile file and the outcome it must have. */
    record Case(String name, FormatProvider provider, Path file, Expect expect) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final FormatProvider NUMPY = new NpyFormat();
    private static final FormatProvider ONNX = new OnnxFormat();
    private static final FormatProvider PYTORCH = new PyTorchFormat();
    private static final FormatProvider TORCHSCRIPT = new TorchScriptFormat();
    private static final FormatProvider SAFETENSORS = new SafetensorsFormat();
    private static final FormatProvider KERAS_H5 = new KerasH5Format();
    private static final FormatProvider KERAS_V3 = new KerasV3Format();
    private static final FormatProvider GRAPH_DEF = new GraphDefFormat();
    private static final FormatProvider SAVED_MODEL = new SavedModelFormat();

    /** 2^40, a shape or size no test file really holds. */
    static final long TERA = 1L << 40;
    static final long HUNDRED_GB = 100L << 30;
    static final int DEEP = 100_000;

    private HostileFiles() {
    }

    /** Writes every case into {@code dir}. */
    static List<Case> write(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Case> cases = new ArrayList<>();
        // --- .npy
        // The reader calls a shape whose data is not in the file "truncated data" (malformed, exit 4).
        cases.add(file(dir, "npy-shape-2^40-elements.npy", NUMPY, Expect.MALFORMED,
                npy("{'descr': '<f4', 'fortran_order': False, 'shape': (" + TERA + ",), }", new byte[16])));
        cases.add(file(dir, "npy-shape-product-overflows.npy", NUMPY, Expect.LIMIT,
                npy("{'descr': '<f8', 'fortran_order': False, 'shape': (" + TERA + ", " + TERA + ", " + TERA + "), }",
                        new byte[8])));
        cases.add(file(dir, "npy-fortran-2^40-elements.npy", NUMPY, Expect.MALFORMED,
                npy("{'descr': '<f4', 'fortran_order': True, 'shape': (" + (1L << 20) + ", " + (1L << 20) + "), }",
                        new byte[64])));
        cases.add(file(dir, "npy-v2-header-length-4GiB.npy", NUMPY, Expect.LIMIT,
                cat(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, -1, -1, -1, -1}, ascii("{'descr'"))));
        // --- .npz
        cases.add(zip(dir, "npz-entry-claims-100GB.npz", NUMPY, Expect.LIMIT,
                List.of(new ZipForge.Entry("a.npy", new byte[100], 0, 8, HUNDRED_GB, 0))));
        // A claim deflate could honour (7 GB from 7 MB, under the default 8 GiB bound): the stream is
        // garbage, which only inflating shows; the reader must not allocate 7 GB to find out.
        cases.add(zip(dir, "npz-entry-claims-7GB-from-7MB.npz", NUMPY, Expect.MALFORMED,
                List.of(new ZipForge.Entry("a.npy", null, 7L << 20, 8, 7L << 30, 0))));
        cases.add(file(dir, "npz-directory-claims-65535-entries.npz", NUMPY, Expect.MALFORMED,
                endOfDirectory(0xffff, 0, 0)));
        // --- safetensors
        cases.add(file(dir, "safetensors-header-length-2^60.safetensors", SAFETENSORS, Expect.LIMIT,
                cat(le64(1L << 60), ascii("{}"))));
        cases.add(file(dir, "safetensors-header-past-eof.safetensors", SAFETENSORS, Expect.MALFORMED,
                cat(le64(4096), ascii("{\"a\":{}}"))));
        cases.add(file(dir, "safetensors-shape-2^40.safetensors", SAFETENSORS, Expect.MALFORMED,
                safetensors("{\"t\":{\"dtype\":\"F32\",\"shape\":[" + TERA + "],\"data_offsets\":[0," + 4 * TERA + "]}}",
                        new byte[16])));
        cases.add(file(dir, "safetensors-json-nested-100000.safetensors", SAFETENSORS, Expect.MALFORMED,
                safetensors("{\"a\":" + "[".repeat(DEEP) + "]".repeat(DEEP) + "}", new byte[0])));
        cases.add(file(dir, "safetensors-metadata-nested-100000.safetensors", SAFETENSORS, Expect.MALFORMED,
                safetensors("{\"__metadata__\":" + "{\"k\":".repeat(DEEP) + "1" + "}".repeat(DEEP) + "}", new byte[0])));
        // --- pickle (legacy torch.save: the unpickler reads the file directly)
        cases.add(file(dir, "pickle-binunicode-past-eof.pt", PYTORCH, Expect.LIMIT,
                legacy(cat(proto(2), new byte[] {'X', -1, -1, -1, 0x7f}, ascii("abc")))));
        cases.add(file(dir, "pickle-binunicode8-2^62.pt", PYTORCH, Expect.LIMIT,
                legacy(cat(proto(4), new byte[] {(byte) 0x8d}, le64(1L << 62), ascii("abc")))));
        cases.add(file(dir, "pickle-binbytes-past-eof.pt", PYTORCH, Expect.LIMIT,
                legacy(cat(proto(3), new byte[] {'B', -1, -1, -1, 0x7f}, ascii("abc")))));
        cases.add(file(dir, "pickle-lists-nested-100000.pt", PYTORCH, Expect.ALLOWED,
                legacy(cat(proto(2), repeat((byte) ']', DEEP), repeat((byte) 'a', DEEP - 1), ascii(".")))));
        cases.add(file(dir, "pickle-dicts-nested-100000.pt", PYTORCH, Expect.ALLOWED,
                legacy(cat(proto(2), repeat(cat(ascii("}"), binunicode("a")), DEEP), ascii("}"),
                        repeat((byte) 's', DEEP), ascii(".")))));
        cases.add(file(dir, "pickle-marks-nested-100000.pt", PYTORCH, Expect.LIMIT,
                legacy(cat(proto(2), repeat((byte) '(', DEEP), ascii(".")))));
        cases.add(file(dir, "pickle-tuples-nested-100000.pt", PYTORCH, Expect.LIMIT,
                legacy(cat(proto(2), ascii(")"), repeat((byte) 0x85, DEEP), ascii(".")))));
        // --- zip (torch.save and TorchScript archives)
        cases.add(zip(dir, "pt-zip-entry-claims-100GB.pt", PYTORCH, Expect.LIMIT,
                List.of(new ZipForge.Entry("archive/data.pkl", new byte[100], 0, 8, HUNDRED_GB, 0),
                        ZipForge.Entry.stored("archive/version", ascii("3\n")))));
        // A claim deflate could honour (100 GB from 100 MB): garbage that only inflating shows.
        cases.add(zip(dir, "pt-zip-entry-claims-100GB-from-100MB.pt", PYTORCH, Expect.MALFORMED,
                List.of(new ZipForge.Entry("archive/data.pkl", null, 100L << 20, 8, HUNDRED_GB, 0),
                        ZipForge.Entry.stored("archive/version", ascii("3\n")))));
        cases.add(zip(dir, "pt-zip-pickle-binunicode-past-eof.pt", PYTORCH, Expect.LIMIT,
                List.of(ZipForge.Entry.stored("archive/data.pkl", cat(proto(2), new byte[] {'X', -1, -1, -1, 0x7f})),
                        ZipForge.Entry.stored("archive/version", ascii("3\n")))));
        cases.add(file(dir, "pt-zip-directory-claims-65535-entries.pt", PYTORCH, Expect.MALFORMED,
                endOfDirectory(0xffff, 0, 0)));
        cases.add(zip(dir, "torchscript-pickle-binunicode-past-eof.pt", TORCHSCRIPT, Expect.LIMIT,
                List.of(ZipForge.Entry.stored("archive/data.pkl", cat(proto(2), new byte[] {'X', -1, -1, -1, 0x7f})),
                        ZipForge.Entry.stored("archive/constants.pkl", cat(proto(2), ascii(")."))),
                        ZipForge.Entry.stored("archive/version", ascii("3\n")))));
        // --- protobuf (ONNX)
        cases.add(file(dir, "onnx-length-prefix-past-eof.onnx", ONNX, Expect.MALFORMED,
                cat(varintField(1, 8), tag(7, 2), varint(0x7fffffffL), ascii("abc"))));
        cases.add(file(dir, "onnx-length-prefix-2^63.onnx", ONNX, Expect.MALFORMED,
                cat(varintField(1, 8), tag(7, 2), varint(Long.MIN_VALUE), ascii("abc"))));
        cases.add(file(dir, "onnx-graphs-nested-100.onnx", ONNX, Expect.MALFORMED, nestedGraphs(100)));
        cases.add(file(dir, "onnx-graphs-nested-100000.onnx", ONNX, Expect.MALFORMED, nestedGraphs(DEEP)));
        // --- Keras (.keras zip with JSON, HDF5) and TensorFlow (protobuf)
        cases.add(zip(dir, "keras-config-json-nested-100000.keras", KERAS_V3, Expect.MALFORMED,
                List.of(ZipForge.Entry.stored("config.json", ascii("[".repeat(DEEP) + "]".repeat(DEEP))),
                        ZipForge.Entry.stored("model.weights.h5", new byte[64]))));
        cases.add(zip(dir, "keras-weights-entry-claims-100GB.keras", KERAS_V3, Expect.MALFORMED,
                List.of(ZipForge.Entry.stored("config.json", ascii("{\"class_name\": \"Sequential\", \"config\": {}}")),
                        new ZipForge.Entry("model.weights.h5", new byte[100], 0, 8, HUNDRED_GB, 0))));
        cases.add(file(dir, "h5-superblock-offsets-2^60.h5", KERAS_H5, Expect.MALFORMED, cat(
                new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n', 2, 8, 8, 0}, le64(0), le64(1L << 60),
                le64(1L << 60), le64(1L << 60), new byte[4])));
        cases.add(file(dir, "graphdef-length-prefix-past-eof.pb", GRAPH_DEF, Expect.MALFORMED,
                cat(tag(1, 2), varint(0x7fffffffL), ascii("abc"))));
        cases.add(file(dir, "graphdef-attr-functions-nested-100000.pb", GRAPH_DEF, Expect.MALFORMED,
                nestedAttrFunctions(DEEP)));
        Path savedModel = Files.createDirectories(dir.resolve("savedmodel-length-prefix-past-eof"));
        Files.createDirectories(savedModel.resolve("variables"));
        Files.write(savedModel.resolve("saved_model.pb"), cat(varintField(1, 1), tag(2, 2), varint(0x7fffffffL), ascii("abc")));
        cases.add(new Case("savedmodel-length-prefix-past-eof", SAVED_MODEL, savedModel, Expect.MALFORMED));
        return cases;
    }

    /**
     * A GraphDef whose node has an attribute holding a function whose attribute holds a function,
     * {@code depth} times (AttrValue.func → NameAttrList.attr → AttrValue ...), built in linear time.
     */
    static byte[] nestedAttrFunctions(int depth) {
        // Per level, outside-in: AttrValue{func(10): NameAttrList{name(1) "f", attr(2): entry{key(1) "f", value(2): ...}}}
        byte[][] prefixes = {new byte[0], field(1, ascii("f")), field(1, ascii("f"))};
        byte[][] tags = {tag(10, 2), tag(2, 2), tag(2, 2)};
        int n = depth * 3;
        long[] size = new long[n + 1];
        for (int i = 1; i <= n; i++) {
            int kind = (n - i) % 3;
            size[i] = prefixes[kind].length + tags[kind].length + varint(size[i - 1]).length + size[i - 1];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] nodeHead = cat(field(1, ascii("n")), field(2, ascii("Const")));
        byte[] entryHead = field(1, ascii("f"));
        long entrySize = entryHead.length + tag(2, 2).length + varint(size[n]).length + size[n];
        long nodeSize = nodeHead.length + tag(5, 2).length + varint(entrySize).length + entrySize;
        out.writeBytes(cat(tag(1, 2), varint(nodeSize), nodeHead, tag(5, 2), varint(entrySize), entryHead,
                tag(2, 2), varint(size[n])));
        for (int i = n; i >= 1; i--) {
            int kind = (n - i) % 3;
            out.writeBytes(prefixes[kind]);
            out.writeBytes(tags[kind]);
            out.writeBytes(varint(size[i - 1]));
        }
        return out.toByteArray();
    }

    /**
     * Reads {@code c} and says whether its outcome is the one it must have.
     *
     * @return {@code null} when it is, else what went wrong
     */
    static String judge(Case c) {
        return judge(c, new String[1]);
    }

    /** As {@link #judge(Case)}, also putting a one-line account of the outcome in {@code outcomeLine[0]}. */
    static String judge(Case c, String[] outcomeLine) {
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(null, r, "hostile-reader", 1L << 20);
            t.setDaemon(true);
            return t;
        });
        try {
            Future<Throwable> f = worker.submit(() -> {
                try (Model m = c.provider().read(c.file(), FormatOptions.none())) {
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            Throwable outcome = f.get(ReadOracle.TIME_LIMIT_SECONDS, TimeUnit.SECONDS);
            outcomeLine[0] = outcome == null ? "read succeeded" : outcome.getClass().getSimpleName() + ": "
                    + String.valueOf(outcome.getMessage()).replace('\n', ' ');
            if (outcome == null) {
                return c.expect() == Expect.ALLOWED ? null : "read succeeded; expected " + c.expect().type.getSimpleName();
            }
            if (!(outcome instanceof RosettaException re) || !ReadOracle.allowed(re)) {
                return "ended with " + outcome + at(outcome);
            }
            if (c.expect().type != null && !c.expect().type.isInstance(outcome)) {
                return "ended with " + outcome + "; expected " + c.expect().type.getSimpleName();
            }
            return null;
        } catch (TimeoutException e) {
            return "read took longer than " + ReadOracle.TIME_LIMIT_SECONDS + " s";
        } catch (Exception e) {
            return "could not run: " + e;
        } finally {
            worker.shutdownNow();
        }
    }

    private static String at(Throwable t) {
        StackTraceElement[] s = t.getStackTrace();
        return s.length == 0 ? "" : " at " + s[0];
    }

    /**
     * Writes the cases into the folder {@code args[0]}, reads each, prints {@code OK name} or
     * {@code FAIL name: why} per case and exits with the number of failures.
     */
    public static void main(String[] args) throws IOException {
        List<Case> cases = write(Path.of(args[0]));
        int failures = 0;
        for (Case c : cases) {
            String[] outcome = new String[1];
            String problem = judge(c, outcome);
            System.out.println(problem == null ? "OK " + c.name() + " -> " + outcome[0] : "FAIL " + c.name() + ": " + problem);
            failures += problem == null ? 0 : 1;
        }
        System.out.flush();
        System.exit(Math.min(failures, 100));
    }

    // --- builders

    private static Case file(Path dir, String name, FormatProvider p, Expect e, byte[] content) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, content);
        return new Case(name, p, f, e);
    }

    private static Case zip(Path dir, String name, FormatProvider p, Expect e, List<ZipForge.Entry> entries)
            throws IOException {
        Path f = dir.resolve(name);
        ZipForge.write(f, entries);
        return new Case(name, p, f, e);
    }

    static byte[] npy(String header, byte[] data) {
        int unpadded = 10 + header.length() + 1;
        String h = header + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + h.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) h.length()).put(ascii(h)).put(data);
        return b.array();
    }

    static byte[] safetensors(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return cat(le64(h.length), h, data);
    }

    /** An end-of-central-directory record alone: {@code entries} entries in a directory of the given size and offset. */
    private static byte[] endOfDirectory(int entries, int cdSize, int cdOffset) {
        ByteBuffer b = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) entries).putShort((short) entries)
                .putInt(cdSize).putInt(cdOffset).putShort((short) 0);
        return b.array();
    }

    /** A legacy torch.save file: magic number, protocol 1001 and system info pickles, {@code body}, no storages. */
    static byte[] legacy(byte[] body) {
        byte[] magic = {(byte) 0x80, 2, (byte) 0x8a, 10, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a,
                (byte) 0xa8, 0x50, 0x19, '.'};
        byte[] protocol = {(byte) 0x80, 2, 'M', (byte) 0xe9, 0x03, '.'};
        byte[] sysInfo = {(byte) 0x80, 2, '}', '.'};
        byte[] keys = {(byte) 0x80, 2, ']', '.'};
        return cat(magic, protocol, sysInfo, body, keys);
    }

    private static byte[] proto(int version) {
        return new byte[] {(byte) 0x80, (byte) version};
    }

    private static byte[] binunicode(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return cat(new byte[] {'X'}, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(b.length).array(), b);
    }

    /**
     * A ModelProto whose graph holds a node whose attribute holds a graph, {@code depth} times.
     * Built in linear time: sizes inside-out, then bytes outside-in (each attribute puts its graph
     * last, so nothing follows a nested message).
     */
    static byte[] nestedGraphs(int depth) {
        long[] graphSize = new long[depth + 1];
        long[] attrSize = new long[depth + 1];
        long[] nodeSize = new long[depth + 1];
        for (int k = 1; k <= depth; k++) {
            attrSize[k] = 3 + 3 + 1 + varint(graphSize[k - 1]).length + graphSize[k - 1];
            nodeSize[k] = 4 + 1 + varint(attrSize[k]).length + attrSize[k];
            graphSize[k] = 1 + varint(nodeSize[k]).length + nodeSize[k];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] opset = cat(field(1, new byte[0]), varintField(2, 17));
        out.writeBytes(cat(varintField(1, 8), field(8, opset), tag(7, 2), varint(graphSize[depth])));
        for (int k = depth; k >= 1; k--) {
            out.writeBytes(cat(tag(1, 2), varint(nodeSize[k])));                  // GraphProto.node
            out.writeBytes(field(4, ascii("If")));                                // NodeProto.op_type
            out.writeBytes(cat(tag(5, 2), varint(attrSize[k])));                  // NodeProto.attribute
            out.writeBytes(field(1, ascii("g")));                                 // AttributeProto.name
            out.writeBytes(varintField(20, 5));                                   // AttributeProto.type = GRAPH
            out.writeBytes(cat(tag(6, 2), varint(graphSize[k - 1])));             // AttributeProto.g
        }
        return out.toByteArray();
    }

    static byte[] tag(int field, int wire) {
        return varint(((long) field << 3) | wire);
    }

    /** A length-delimited protobuf field. */
    static byte[] field(int number, byte[] payload) {
        return cat(tag(number, 2), varint(payload.length), payload);
    }

    /** A varint protobuf field. */
    static byte[] varintField(int number, long value) {
        return cat(tag(number, 0), varint(value));
    }

    static byte[] varint(long v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return out.toByteArray();
    }

    static byte[] le64(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] repeat(byte b, int n) {
        byte[] out = new byte[n];
        java.util.Arrays.fill(out, b);
        return out;
    }

    static byte[] repeat(byte[] b, int n) {
        byte[] out = new byte[b.length * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(b, 0, out, i * b.length, b.length);
        }
        return out;
    }

    static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** For callers that cannot throw IOException. */
    static List<Case> writeUnchecked(Path dir) {
        try {
            return write(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
