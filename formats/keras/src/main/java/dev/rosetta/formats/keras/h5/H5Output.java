package dev.rosetta.formats.keras.h5;

import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.ScratchBuffer;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Tensor;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal HDF5 writer that streams dataset contents straight from {@link Tensor}s: the tree of
 * groups, attributes and datasets is declared first (holding only references to the tensors), then
 * {@link #write} lays the file out and copies each tensor's bytes to the file in 1 MiB pieces, so a
 * model is never held in the heap as a whole. A {@linkplain Tensor#deferred deferred} tensor (a
 * weight the layout pass re-laid lazily) is computed into one reused {@link ScratchBuffer} and
 * written from there. jHDF 0.9.4's writer keeps every dataset as a Java
 * array until the file is closed, which is why Rosetta writes HDF5 itself.
 *
 * <p>The file uses the HDF5 1.8 structures h5py and the HDF5 library read: a version 2 superblock,
 * version 2 object headers with compact link storage (link messages) for groups, version 3
 * attribute messages, contiguous datasets, and one global heap collection for variable-length
 * strings. Attributes are what Keras writes: variable-length UTF-8 scalar strings
 * ({@code model_config}), arrays of fixed-length null-padded strings ({@code layer_names},
 * {@code |S<n>} in NumPy terms) and the empty {@code float64} array Keras writes for a layer
 * without weights. Element types: float16/32/64, int8/16/32/64, uint8, little-endian.
 */
public final class H5Output {
    private static final long UNDEFINED = -1L;
    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    private static final int SUPERBLOCK_SIZE = 48;
    private static final int HEAP_MIN = 4096;
    private static final int COPY_CHUNK = 1 << 20;

    private final Group root = new Group();

    /** The root group. */
    public Group root() {
        return root;
    }

    /** A group: named children (groups and datasets) and attributes, both kept in insertion order. */
    public static final class Group {
        private final Map<String, Object> children = new LinkedHashMap<>();
        private final Map<String, Attr> attributes = new LinkedHashMap<>();

        private Group() {
        }

        /** The child group {@code name}, created when absent. */
        public Group group(String name) {
            checkName(name);
            Object c = children.get(name);
            if (c instanceof Group g) {
                return g;
            }
            if (c != null) {
                throw new IllegalArgumentException("'" + name + "' is already a dataset");
            }
            Group g = new Group();
            children.put(name, g);
            return g;
        }

        /** A dataset holding {@code tensor}'s elements; they are read only by {@link #write}. */
        public void dataset(String name, Tensor tensor) {
            dataset(name, tensor.dtype(), tensor.shape(), () -> tensor);
        }

        /**
         * A dataset whose content {@code content} produces when the file is written (and which is
         * dropped right after its bytes are copied), so that a weight computed on the fly (a
         * permutation) occupies the heap only while it is written.
         */
        public void dataset(String name, DType dtype, long[] shape, java.util.function.Supplier<Tensor> content) {
            checkName(name);
            if (children.containsKey(name)) {
                throw new IllegalArgumentException("'" + name + "' already exists");
            }
            datatype(dtype);
            children.put(name, new Dataset(dtype, shape.clone(), content));
        }

        /** A scalar variable-length UTF-8 string attribute (what h5py writes for a Python str). */
        public void attribute(String name, String value) {
            attributes.put(name, new VlenString(value.getBytes(StandardCharsets.UTF_8)));
        }

        /**
         * An array of fixed-length, null-padded strings (NumPy {@code |S<n>}), as Keras writes name
         * lists; an empty list is written as Keras does, an empty {@code float64} array.
         */
        public void attribute(String name, List<String> values) {
            attribute(name, values, 1);
        }

        /**
         * Like {@link #attribute(String, List)}, with each string padded to at least
         * {@code minWidth} bytes (a chunk of a longer list keeps the whole list's width, as NumPy's
         * {@code array_split} does).
         */
        public void attribute(String name, List<String> values, int minWidth) {
            if (values.isEmpty()) {
                attributes.put(name, new EmptyFloat64());
                return;
            }
            List<byte[]> bytes = new ArrayList<>();
            int width = Math.max(1, minWidth);
            for (String v : values) {
                byte[] b = v.getBytes(StandardCharsets.UTF_8);
                bytes.add(b);
                width = Math.max(width, b.length);
            }
            attributes.put(name, new FixedStrings(bytes, width));
        }

        private static void checkName(String name) {
            if (name.isEmpty() || name.contains("/") || name.equals(".")) {
                throw new IllegalArgumentException("invalid HDF5 link name '" + name + "'");
            }
        }
    }

    private record Dataset(DType dtype, long[] shape, java.util.function.Supplier<Tensor> content) {
        long byteSize() {
            return Math.multiplyExact(Tensor.elementCount(shape), (long) dtype.byteSize());
        }
    }

    private sealed interface Attr permits VlenString, FixedStrings, EmptyFloat64 {
    }

    private record VlenString(byte[] utf8) implements Attr {
    }

    private record FixedStrings(List<byte[]> values, int width) implements Attr {
    }

    private record EmptyFloat64() implements Attr {
    }

    /**
     * Writes the file to {@code target} (created or truncated).
     *
     * @throws IOException on write failure
     */
    public void write(Path target) throws IOException {
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            write(ch, 0);
        }
    }

    /** The size in bytes of the file {@link #write} makes of the content as it is now. */
    public long size() {
        return new Placement(root).eof;
    }

    /**
     * Writes the file into {@code ch} starting at byte {@code base} (its addresses are relative to
     * that byte, as for a file embedded in an archive), {@link #size} bytes in all.
     *
     * @throws IOException on write failure
     */
    public void write(FileChannel ch, long base) throws IOException {
        Placement at = new Placement(root);
        try (ScratchBuffer scratch = new ScratchBuffer()) {
            writeFully(ch, ByteBuffer.wrap(superblock(at.eof, at.addresses.get(root))), base);
            if (at.heap != null) {
                writeFully(ch, ByteBuffer.wrap(at.heap), base + at.heapAddress);
            }
            for (Object o : at.order) {
                byte[] h = header(o, at.addresses, at.heapAddress, at.heapIndex,
                        at.dataAddresses.getOrDefault(o, UNDEFINED), false);
                writeFully(ch, ByteBuffer.wrap(h), base + at.addresses.get(o));
            }
            for (Object o : at.order) {
                Long data = at.dataAddresses.get(o);
                if (data != null) {
                    Dataset d = (Dataset) o;
                    Tensor t = d.content().get();
                    if (t.dtype() != d.dtype() || !java.util.Arrays.equals(t.shape(), d.shape())) {
                        throw new IllegalStateException("dataset content is " + t + ", declared "
                                + d.dtype().shortName() + java.util.Arrays.toString(d.shape()));
                    }
                    copy(ch, t, base + data, scratch);
                }
            }
            if (ch.size() < base + at.eof) {
                writeFully(ch, ByteBuffer.wrap(new byte[] {0}), base + at.eof - 1);
            }
        }
    }

    /** Where everything goes: the global heap, each object header, each dataset's bytes, the end. */
    private static final class Placement {
        final List<Object> order = new ArrayList<>();
        final Map<VlenString, Integer> heapIndex = new java.util.IdentityHashMap<>();
        final Map<Object, Long> addresses = new java.util.IdentityHashMap<>();
        final Map<Object, Long> dataAddresses = new java.util.IdentityHashMap<>();
        final long heapAddress;
        final byte[] heap;
        final long eof;

        Placement(Group root) {
            // 1. The strings that go to the global heap, in the order their attributes are encoded.
            List<VlenString> heapStrings = new ArrayList<>();
            collect(root, order, heapStrings);
            for (int i = 0; i < heapStrings.size(); i++) {
                heapIndex.put(heapStrings.get(i), i + 1);
            }
            long pos = SUPERBLOCK_SIZE;
            heapAddress = heapStrings.isEmpty() ? UNDEFINED : pos;
            heap = heapStrings.isEmpty() ? null : globalHeap(heapStrings);
            if (heap != null) {
                pos += heap.length;
            }
            // 2. Header sizes do not depend on addresses: size each, then place it.
            Map<Object, Integer> headerSizes = new java.util.IdentityHashMap<>();
            for (Object o : order) {
                headerSizes.put(o, header(o, addresses, heapAddress, heapIndex, 0L, true).length);
            }
            for (Object o : order) {
                addresses.put(o, pos);
                pos += headerSizes.get(o);
            }
            for (Object o : order) {
                if (o instanceof Dataset d && d.byteSize() > 0) {
                    pos = (pos + 7) & ~7L;
                    dataAddresses.put(o, pos);
                    pos += d.byteSize();
                }
            }
            eof = pos;
        }
    }

    private static void collect(Object o, List<Object> order, List<VlenString> heapStrings) {
        order.add(o);
        if (o instanceof Group g) {
            for (Attr a : g.attributes.values()) {
                if (a instanceof VlenString s) {
                    heapStrings.add(s);
                }
            }
            for (Object c : g.children.values()) {
                collect(c, order, heapStrings);
            }
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        long p = at;
        while (b.hasRemaining()) {
            p += ch.write(b, p);
        }
    }

    /**
     * Copies a tensor's bytes, little-endian, in pieces; a deferred tensor (a weight permuted on the
     * way out) is computed into {@code scratch} first instead of being kept in the heap.
     */
    private static void copy(FileChannel ch, Tensor t, long at, ScratchBuffer scratch) throws IOException {
        MemorySegment data = scratch.bytesOf(t);
        long size = data.byteSize();
        boolean swap = t.byteOrder() != ByteOrder.LITTLE_ENDIAN && t.dtype().byteSize() > 1;
        int width = t.dtype().byteSize();
        long chunk = COPY_CHUNK - COPY_CHUNK % width;
        for (long off = 0; off < size; off += chunk) {
            long n = Math.min(chunk, size - off);
            ByteBuffer buf;
            if (swap) {
                byte[] tmp = new byte[(int) n];
                for (int i = 0; i < n; i += width) {
                    for (int b = 0; b < width; b++) {
                        tmp[i + b] = data.get(ValueLayout.JAVA_BYTE, off + i + width - 1 - b);
                    }
                }
                buf = ByteBuffer.wrap(tmp);
            } else {
                buf = data.asSlice(off, n).asByteBuffer();
            }
            writeFully(ch, buf, at + off);
        }
    }

    private static byte[] superblock(long eof, long rootAddress) {
        Bytes b = new Bytes();
        b.raw(SIGNATURE).u8(2).u8(8).u8(8).u8(0).u64(0).u64(UNDEFINED).u64(eof).u64(rootAddress);
        return b.withChecksum();
    }

    /** One global heap collection holding every string (at least 4 KiB, as HDF5 expects). */
    private static byte[] globalHeap(List<VlenString> strings) {
        Bytes objects = new Bytes();
        for (int i = 0; i < strings.size(); i++) {
            byte[] s = strings.get(i).utf8();
            objects.u16(i + 1).u16(1).u32(0).u64(s.length).raw(s);
            objects.pad8();
        }
        long used = 16 + objects.size();
        long size = Math.max(HEAP_MIN, ((used + 16 + 7) & ~7L));
        Bytes b = new Bytes();
        b.raw("GCOL".getBytes(StandardCharsets.US_ASCII)).u8(1).u8(0).u8(0).u8(0).u64(size);
        b.raw(objects.toArray());
        long free = size - used;
        b.u16(0).u16(0).u32(0).u64(free);
        while (b.size() < size) {
            b.u8(0);
        }
        return b.toArray();
    }

    private static byte[] header(Object o, Map<Object, Long> addresses, long heapAddress,
                                 Map<VlenString, Integer> heapIndex, long dataAddress, boolean sizing) {
        Bytes msgs = new Bytes();
        if (o instanceof Group g) {
            message(msgs, 0x0A, 0, new Bytes().u8(0).u8(0));
            message(msgs, 0x02, 0, new Bytes().u8(0).u8(0).u64(UNDEFINED).u64(UNDEFINED));
            attributes(msgs, g.attributes, heapAddress, heapIndex);
            for (Map.Entry<String, Object> c : g.children.entrySet()) {
                byte[] name = c.getKey().getBytes(StandardCharsets.UTF_8);
                Bytes link = new Bytes().u8(1);
                boolean wide = name.length > 255;
                link.u8(0x10 | (wide ? 1 : 0)).u8(1);
                if (wide) {
                    link.u16(name.length);
                } else {
                    link.u8(name.length);
                }
                link.raw(name).u64(sizing ? 0 : addresses.get(c.getValue()));
                message(msgs, 0x06, 0, link);
            }
        } else {
            Dataset t = (Dataset) o;
            long[] shape = t.shape();
            Bytes space = new Bytes().u8(2).u8(shape.length).u8(0).u8(shape.length == 0 ? 0 : 1);
            for (long d : shape) {
                space.u64(d);
            }
            message(msgs, 0x01, 0, space);
            message(msgs, 0x03, 1, datatype(t.dtype()));
            message(msgs, 0x05, 1, new Bytes().u8(3).u8(0x01 | 2 << 2 | 1 << 4));
            message(msgs, 0x08, 0, new Bytes().u8(3).u8(1).u64(dataAddress).u64(t.byteSize()));
        }
        Bytes h = new Bytes();
        byte[] body = msgs.toArray();
        h.raw("OHDR".getBytes(StandardCharsets.US_ASCII)).u8(2).u8(0x02).u32(body.length).raw(body);
        return h.withChecksum();
    }

    private static void attributes(Bytes msgs, Map<String, Attr> attrs, long heapAddress,
                                   Map<VlenString, Integer> heapIndex) {
        if (attrs.isEmpty()) {
            return;
        }
        message(msgs, 0x15, 0, new Bytes().u8(0).u8(0).u64(UNDEFINED).u64(UNDEFINED));
        for (Map.Entry<String, Attr> e : attrs.entrySet()) {
            Bytes type;
            Bytes space;
            Bytes data = new Bytes();
            switch (e.getValue()) {
                case VlenString s -> {
                    type = vlenString();
                    space = new Bytes().u8(2).u8(0).u8(0).u8(0);
                    data.u32(s.utf8().length).u64(heapAddress).u32(heapIndex.get(s));
                }
                case FixedStrings fs -> {
                    type = new Bytes().u8(0x13).u8(0x01).u8(0).u8(0).u32(fs.width());
                    space = new Bytes().u8(2).u8(1).u8(0).u8(1).u64(fs.values().size());
                    for (byte[] v : fs.values()) {
                        data.raw(v);
                        for (int i = v.length; i < fs.width(); i++) {
                            data.u8(0);
                        }
                    }
                }
                case EmptyFloat64 ignored -> {
                    type = datatype(DType.FLOAT64);
                    space = new Bytes().u8(2).u8(1).u8(0).u8(1).u64(0);
                }
            }
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            Bytes a = new Bytes().u8(3).u8(0).u16(name.length + 1).u16(type.size()).u16(space.size()).u8(1)
                    .raw(name).u8(0).raw(type.toArray()).raw(space.toArray()).raw(data.toArray());
            message(msgs, 0x0C, 0, a);
        }
    }

    private static void message(Bytes msgs, int type, int flags, Bytes body) {
        if (body.size() > 0xffff) {
            throw new UnsupportedFeatureException("an HDF5 header message of " + body.size()
                    + " bytes is larger than the 65535 bytes one message can hold");
        }
        msgs.u8(type).u16(body.size()).u8(flags).raw(body.toArray());
    }

    /** A variable-length string of UTF-8 bytes (base type: unsigned 8-bit integer). */
    private static Bytes vlenString() {
        return new Bytes().u8(0x19).u8(0x01).u8(0x01).u8(0).u32(16)
                .u8(0x10).u8(0).u8(0).u8(0).u32(1).u16(0).u16(8);
    }

    /** The datatype message body for an element type, little-endian. */
    private static Bytes datatype(DType t) {
        return switch (t) {
            case FLOAT16 -> floating(2, 15, 10, 5, 10, 15);
            case FLOAT32 -> floating(4, 31, 23, 8, 23, 127);
            case FLOAT64 -> floating(8, 63, 52, 11, 52, 1023);
            case INT8 -> integer(1, true);
            case UINT8 -> integer(1, false);
            case INT16 -> integer(2, true);
            case INT32 -> integer(4, true);
            case INT64 -> integer(8, true);
            default -> throw new UnsupportedFeatureException("HDF5 output of " + t.shortName()
                    + " tensors is not supported (float16/32/64 and integers are)");
        };
    }

    private static Bytes floating(int size, int sign, int expLoc, int expSize, int mantSize, int bias) {
        return new Bytes().u8(0x11).u8(0x20).u8(sign).u8(0).u32(size)
                .u16(0).u16(size * 8).u8(expLoc).u8(expSize).u8(0).u8(mantSize).u32(bias);
    }

    private static Bytes integer(int size, boolean signed) {
        return new Bytes().u8(0x10).u8(signed ? 0x08 : 0).u8(0).u8(0).u32(size).u16(0).u16(size * 8);
    }

    /** A growable little-endian byte buffer. */
    private static final class Bytes {
        private byte[] buf = new byte[64];
        private int n;

        Bytes u8(int v) {
            ensure(1);
            buf[n++] = (byte) v;
            return this;
        }

        Bytes u16(int v) {
            return u8(v).u8(v >>> 8);
        }

        Bytes u32(long v) {
            return u16((int) v).u16((int) (v >>> 16));
        }

        Bytes u64(long v) {
            return u32(v).u32(v >>> 32);
        }

        Bytes raw(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, n, b.length);
            n += b.length;
            return this;
        }

        Bytes pad8() {
            while (n % 8 != 0) {
                u8(0);
            }
            return this;
        }

        int size() {
            return n;
        }

        byte[] toArray() {
            return java.util.Arrays.copyOf(buf, n);
        }

        /** The content followed by its lookup3 checksum. */
        byte[] withChecksum() {
            int sum = Lookup3.hash(buf, 0, n);
            return u32(sum & 0xffffffffL).toArray();
        }

        private void ensure(int more) {
            if (n + more > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
            }
        }
    }
}
