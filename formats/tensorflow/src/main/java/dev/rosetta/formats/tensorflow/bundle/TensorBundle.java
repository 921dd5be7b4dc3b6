package dev.rosetta.formats.tensorflow.bundle;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.ResourceLimitException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.MappedFile;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Tensor;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.proto.BundleEntryProto;
import org.tensorflow.proto.BundleHeaderProto;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorShapeProto;

/**
 * A TensorFlow tensor bundle (a checkpoint, or a SavedModel's {@code variables/}), opened
 * read-only: the index is read whole when opened, the data shards are memory-mapped when a tensor
 * first needs them.
 *
 * <p>Every tensor handed out is checked against the masked CRC32C its entry stores; a mismatch is
 * a {@link MalformedInputException} naming the data file, the tensor and both checksums. A shard
 * the header counts but that is missing on disk is reported when the bundle is opened. Tensors are
 * views of the mapped shards (no copy) and live until {@link #close()}, which is idempotent; a
 * model read from the bundle owns it. Partitioned variables saved as slices are refused with an
 * {@link UnsupportedFeatureException} naming them.
 */
public final class TensorBundle implements AutoCloseable {
    /** The header's key in the index: the empty string. */
    static final String HEADER_KEY = "";
    /** The newest bundle format version this reader knows (TensorFlow's {@code kTensorBundleVersion}). */
    static final int VERSION = 1;

    private final Path prefix;
    private final Path indexFile;
    private final int shardCount;
    private final ByteOrder order;
    private final Map<String, BundleEntry> entries;
    private final MappedFile[] shards;
    private boolean closed;

    private TensorBundle(Path prefix, Path indexFile, int shardCount, ByteOrder order, Map<String, BundleEntry> entries) {
        this.prefix = prefix;
        this.indexFile = indexFile;
        this.shardCount = shardCount;
        this.order = order;
        this.entries = entries;
        this.shards = new MappedFile[shardCount];
    }

    /**
     * Opens the bundle with the given prefix ({@code .../variables/variables}, whose files are
     * {@code <prefix>.index} and {@code <prefix>.data-NNNNN-of-NNNNN}), or the one in a
     * {@code variables/} directory.
     *
     * @throws MalformedInputException when the index is not a valid bundle index or a shard is missing
     * @throws UnsupportedFeatureException for a bundle format version newer than this reader
     * @throws dev.rosetta.error.RosettaIOException when the index cannot be read
     */
    public static TensorBundle open(Path prefixOrDirectory) {
        Path prefix = Files.isDirectory(prefixOrDirectory) ? prefixOrDirectory.resolve("variables") : prefixOrDirectory;
        Path index = prefix.resolveSibling(prefix.getFileName() + ".index");
        if (!Files.isRegularFile(index)) {
            throw new MalformedInputException(index, "", "the bundle index is missing (expected " + index.getFileName()
                    + " beside the data files)");
        }
        List<SortedTable.Entry> raw;
        try (MappedFile f = MappedFile.open(index)) {
            raw = SortedTable.readAll(index, f.segment());
        }
        BundleHeaderProto header = null;
        Map<String, BundleEntry> entries = new TreeMap<>();
        for (SortedTable.Entry e : raw) {
            String key = e.keyString();
            if (key.equals(HEADER_KEY)) {
                header = parseHeader(index, e.value());
            } else {
                entries.put(key, parseEntry(index, key, e.value()));
            }
        }
        if (header == null) {
            throw new MalformedInputException(index, "header", "the index has no header entry (the empty key)");
        }
        int shardCount = header.getNumShards();
        if (shardCount < 1 || shardCount > 100_000) {
            throw new MalformedInputException(index, "header", "expected 1 to 100000 shards, found " + shardCount);
        }
        for (BundleEntry be : entries.values()) {
            if (be.shard() >= shardCount) {
                throw new MalformedInputException(index, "entry '" + be.name() + "'", "shard " + be.shard()
                        + " but the header counts " + shardCount + " shards");
            }
        }
        ByteOrder order = header.getEndianness() == BundleHeaderProto.Endianness.BIG
                ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        TensorBundle bundle = new TensorBundle(prefix, index, shardCount, order, Collections.unmodifiableMap(entries));
        for (int i = 0; i < shardCount; i++) {
            Path shard = bundle.shardPath(i);
            if (!Files.isRegularFile(shard)) {
                throw new MalformedInputException(shard, "shard " + i + " of " + shardCount,
                        "the data file is missing (the index " + index.getFileName() + " lists " + shardCount
                                + (shardCount == 1 ? " shard" : " shards") + ")");
            }
        }
        return bundle;
    }

    private static BundleHeaderProto parseHeader(Path index, byte[] value) {
        BundleHeaderProto h;
        try {
            h = BundleHeaderProto.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedInputException(index, "header", "expected a BundleHeaderProto: " + e.getMessage(), e);
        }
        if (h.getVersion().getMinConsumer() > VERSION) {
            throw new UnsupportedFeatureException(index + ": bundle format version " + h.getVersion().getProducer()
                    + " needs a reader of version " + h.getVersion().getMinConsumer() + " or newer; this one reads "
                    + VERSION);
        }
        return h;
    }

    private static BundleEntry parseEntry(Path index, String key, byte[] value) {
        String where = "entry '" + key + "'";
        BundleEntryProto p;
        try {
            p = BundleEntryProto.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedInputException(index, where, "expected a BundleEntryProto: " + e.getMessage(), e);
        }
        long[] shape = shape(index, where, p.getShape());
        DataType t = p.getDtype();
        DType dtype = TfDataTypes.toIr(t);
        if (p.getShardId() < 0 || p.getOffset() < 0 || p.getSize() < 0) {
            throw new MalformedInputException(index, where, "negative shard, offset or size ("
                    + p.getShardId() + ", " + p.getOffset() + ", " + p.getSize() + ")");
        }
        if (dtype != null && p.getSlicesCount() == 0) {
            long expected = Math.multiplyExact(Tensor.elementCount(shape), (long) dtype.byteSize());
            if (expected != p.getSize()) {
                throw new MalformedInputException(index, where, "a " + TfDataTypes.describe(t)
                        + java.util.Arrays.toString(shape) + " tensor needs " + expected + " bytes but the entry says "
                        + p.getSize());
            }
        }
        return new BundleEntry(key, t, dtype, shape, p.getShardId(), p.getOffset(), p.getSize(), p.getCrc32C(),
                p.getSlicesCount());
    }

    private static long[] shape(Path index, String where, TensorShapeProto s) {
        if (s.getUnknownRank()) {
            throw new MalformedInputException(index, where, "a stored tensor has an unknown rank");
        }
        if (s.getDimCount() > 64) {
            throw new ResourceLimitException(index, where, "rank " + s.getDimCount() + " exceeds 64");
        }
        long[] shape = new long[s.getDimCount()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = s.getDim(i).getSize();
            if (shape[i] < 0) {
                throw new MalformedInputException(index, where, "dimension " + i + " is " + shape[i]);
            }
        }
        try {
            Tensor.elementCount(shape);
        } catch (RuntimeException e) {
            throw new ResourceLimitException(index, where, "shape " + java.util.Arrays.toString(shape)
                    + " has more elements than a 64-bit count holds");
        }
        return shape;
    }

    /** The prefix the files share, e.g. {@code .../variables/variables}. */
    public Path prefix() {
        return prefix;
    }

    public Path indexFile() {
        return indexFile;
    }

    public int shardCount() {
        return shardCount;
    }

    /** The data file of shard {@code i}: {@code <prefix>.data-0000i-of-0000n}. */
    public Path shardPath(int i) {
        return prefix.resolveSibling(String.format(Locale.ROOT, "%s.data-%05d-of-%05d", prefix.getFileName(), i,
                shardCount));
    }

    /** Every entry by checkpoint key, sorted (the header excluded). */
    public Map<String, BundleEntry> entries() {
        return entries;
    }

    /** The entry of that key, or {@code null}. */
    public BundleEntry entry(String name) {
        return entries.get(name);
    }

    /**
     * The tensor stored under {@code name}, checked against its CRC32C: a view of the mapped shard.
     *
     * @throws IllegalArgumentException when there is no such entry
     * @throws MalformedInputException when the bytes lie outside the shard or fail the checksum
     * @throws UnsupportedFeatureException for strings and other types the IR lacks, and for sliced tensors
     */
    public Tensor tensor(String name) {
        BundleEntry e = require(name);
        if (e.dtype() == null) {
            throw new UnsupportedFeatureException(indexFile + ": tensor '" + name + "' is of type "
                    + TfDataTypes.describe(e.tfType()) + ", which has no IR type");
        }
        return Tensor.of(e.dtype(), e.shape(), checkedBytes(e), order);
    }

    /**
     * The elements of a string tensor ({@code DT_STRING}), checked against its CRC32C and the
     * length checksum TensorFlow stores between lengths and bytes.
     */
    public List<byte[]> strings(String name) {
        BundleEntry e = require(name);
        if (e.tfType() != DataType.DT_STRING) {
            throw new IllegalArgumentException("tensor '" + name + "' is " + TfDataTypes.describe(e.tfType())
                    + ", not a string tensor");
        }
        MemorySegment data = checkedBytes(e);
        Path file = shardPath(e.shard());
        String where = "tensor '" + name + "'";
        long n = Tensor.elementCount(e.shape());
        if (n > data.byteSize()) {
            throw new ResourceLimitException(file, where, n + " strings cannot fit " + data.byteSize() + " bytes");
        }
        ByteCursor c = new ByteCursor(file, where, data, 0, data.byteSize());
        long[] lengths = new long[(int) n];
        for (int i = 0; i < n; i++) {
            lengths[i] = c.varint64();
        }
        int lengthCrc = MaskedCrc32c.masked(data.asSlice(0, c.position()));
        int stored = c.fixed32(c.position());
        if (lengthCrc != stored) {
            throw new MalformedInputException(file, where, String.format(
                    "string length checksum mismatch: expected 0x%08x, found 0x%08x", stored, lengthCrc));
        }
        ByteCursor body = new ByteCursor(file, where, data, c.position() + 4, data.byteSize());
        List<byte[]> out = new ArrayList<>((int) n);
        for (long len : lengths) {
            if (len > Integer.MAX_VALUE) {
                throw new ResourceLimitException(file, where, "a string of " + len + " bytes");
            }
            out.add(body.bytes((int) len));
        }
        return out;
    }

    private BundleEntry require(String name) {
        checkOpen();
        BundleEntry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("bundle " + indexFile + " has no tensor '" + name + "'");
        }
        if (e.slices() > 0) {
            throw new UnsupportedFeatureException(indexFile + ": tensor '" + name + "' is a partitioned variable saved in "
                    + e.slices() + " slices; sliced tensors are not supported (re-save the model without "
                    + "partitioners)");
        }
        return e;
    }

    /** The entry's bytes in its shard, after the checksum check. */
    private MemorySegment checkedBytes(BundleEntry e) {
        MappedFile shard = shard(e.shard());
        String where = "tensor '" + e.name() + "'";
        MemorySegment bytes = shard.slice(e.offset(), e.size(), where);
        int actual = MaskedCrc32c.masked(bytes);
        if (actual != e.maskedCrc32c()) {
            throw new MalformedInputException(shard.path(), where, String.format(
                    "checksum mismatch: the index stores masked crc32c 0x%08x, the %d bytes at offset %d give 0x%08x"
                            + " (the data file is corrupted)", e.maskedCrc32c(), e.size(), e.offset(), actual));
        }
        return bytes;
    }

    private synchronized MappedFile shard(int i) {
        if (shards[i] == null) {
            shards[i] = MappedFile.open(shardPath(i));
        }
        return shards[i];
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("TensorBundle is closed");
        }
    }

    /** Unmaps the shards; tensors handed out become unreadable. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (MappedFile f : shards) {
            if (f != null) {
                f.close();
            }
        }
    }
}
