package dev.rosetta.formats.keras.h5;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.ResourceLimitException;
import dev.rosetta.error.RosettaException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.MappedFile;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.datatype.OrderedDataType;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Array;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * An HDF5 file opened for reading with jHDF, treated as a possibly-crashing parser: every call
 * into jHDF goes through {@link #guard}, which turns its exceptions (and the stack overflows or
 * huge allocations a corrupted file can provoke) into a {@link MalformedInputException} naming the
 * file and what was being read.
 *
 * <p>Contiguous, unfiltered numeric datasets become tensors sliced out of a {@link MappedFile}
 * without copying; chunked or compressed ones are decoded by jHDF into the heap after a size check.
 * Close is idempotent; the mapped file is closed separately by whoever owns it (the model).
 */
public final class H5Input implements AutoCloseable {
    /** Keras splits attributes above this many bytes into {@code name0}, {@code name1}, ... */
    private static final int MAX_CHUNKED_ATTRIBUTES = 10_000;

    private final Path file;
    private final HdfFile hdf;
    private final MappedFile mapped;
    private final long userBlock;

    private H5Input(Path file, HdfFile hdf, MappedFile mapped, long userBlock) {
        this.file = file;
        this.hdf = hdf;
        this.mapped = mapped;
        this.userBlock = userBlock;
    }

    /**
     * Opens {@code file}, which {@code mapped} maps (tensors are sliced from it).
     *
     * @param label how the file is named in errors (an archive entry, say); {@code file} when null
     * @throws MalformedInputException when jHDF cannot parse the superblock or root group
     */
    public static H5Input open(Path file, MappedFile mapped, Path label) {
        Path shown = label == null ? file : label;
        HdfFile hdf = guardStatic(shown, "HDF5 superblock and root group", () -> openHdf(file, mapped));
        try {
            long ub = guardStatic(shown, "HDF5 superblock", hdf::getUserBlockSize);
            hdf.getChildren();
            return new H5Input(shown, hdf, mapped, ub);
        } catch (RuntimeException e) {
            hdf.close();
            throw e instanceof RosettaException ? e : wrap(shown, "HDF5 root group", e);
        }
    }

    /**
     * Opens jHDF over the mapped bytes when they fit one {@link java.nio.ByteBuffer} (up to 2 GiB):
     * jHDF then slices the mapping for every structure it reads, so a length a corrupted header
     * claims fails at once instead of being allocated (jHDF's file-channel storage allocates the
     * claimed length on the heap before reading, which takes seconds for a 2 GiB claim). Larger
     * files go through the file channel, where a claim is bounded by the file's own size.
     */
    private static HdfFile openHdf(Path file, MappedFile mapped) {
        if (mapped != null && mapped.size() <= Integer.MAX_VALUE) {
            return HdfFile.fromByteBuffer(mapped.segment().asByteBuffer().asReadOnlyBuffer());
        }
        return new HdfFile(file);
    }

    /** The file as named in errors. */
    public Path file() {
        return file;
    }

    /** The root group. */
    public Group root() {
        return hdf;
    }

    /**
     * Runs a jHDF call, mapping its failures to a {@link MalformedInputException} about {@code place}.
     */
    public <T> T guard(String place, Supplier<T> call) {
        return guardStatic(file, place, call);
    }

    private static <T> T guardStatic(Path file, String place, Supplier<T> call) {
        try {
            return call.get();
        } catch (RosettaException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw wrap(file, place, e);
        }
    }

    private static MalformedInputException wrap(Path file, String place, Throwable e) {
        String what = e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
        if (e instanceof OutOfMemoryError || e instanceof StackOverflowError) {
            what = e.getClass().getSimpleName() + " while decoding (a corrupted size or a cyclic structure)";
        }
        return new MalformedInputException(file, place, "not a readable HDF5 structure (" + what + ")", e);
    }

    /** A child group of {@code parent}, or {@code null} when absent or not a group. */
    public Group childGroup(Group parent, String name) {
        Node n = guard("group '" + join(parent, name) + "'", () -> parent.getChildren().get(name));
        return n != null && n.isGroup() ? (Group) n : null;
    }

    /** A child dataset of {@code parent} by relative path, or {@code null} when absent. */
    public Dataset dataset(Group parent, String relativePath) {
        return guard("dataset '" + join(parent, relativePath) + "'", () -> {
            Node cur = parent;
            for (String part : relativePath.split("/")) {
                if (part.isEmpty()) {
                    continue;
                }
                if (!(cur instanceof Group g)) {
                    return null;
                }
                cur = g.getChildren().get(part);
                if (cur == null) {
                    return null;
                }
            }
            return cur instanceof Dataset d ? d : null;
        });
    }

    /** The names of the children of a group, in the file's order. */
    public List<String> childNames(Group g) {
        return guard("children of group '" + g.getPath() + "'", () -> new ArrayList<>(g.getChildren().keySet()));
    }

    /** True when {@code node} has the attribute. */
    public boolean hasAttribute(Node node, String name) {
        return guard("attributes of '" + node.getPath() + "'", () -> node.getAttributes().containsKey(name));
    }

    /**
     * A scalar string attribute (fixed or variable length), or {@code null} when absent.
     *
     * @throws MalformedInputException when present but not a string
     */
    public String stringAttribute(Node node, String name) {
        String place = "attribute '" + name + "' of '" + node.getPath() + "'";
        return guard(place, () -> {
            Attribute a = node.getAttributes().get(name);
            if (a == null) {
                return null;
            }
            Object data = a.isEmpty() ? null : a.getData();
            if (data instanceof String s) {
                return s;
            }
            if (data instanceof String[] arr && arr.length == 1) {
                return arr[0];
            }
            if (data instanceof byte[] bytes) {
                return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            }
            throw new MalformedInputException(file, place, "expected a string, found "
                    + (data == null ? "an empty attribute" : describe(data)));
        });
    }

    /**
     * A list-of-strings attribute as Keras writes {@code layer_names} and {@code weight_names}:
     * an array of fixed-length strings, an empty float array for "none", or split across
     * {@code name0}, {@code name1}, ... when large. Returns {@code null} when absent.
     */
    public List<String> stringListAttribute(Node node, String name) {
        String place = "attribute '" + name + "' of '" + node.getPath() + "'";
        return guard(place, () -> {
            var attrs = node.getAttributes();
            if (attrs.containsKey(name)) {
                return strings(attrs.get(name), place);
            }
            if (!attrs.containsKey(name + "0")) {
                return null;
            }
            List<String> all = new ArrayList<>();
            for (int i = 0; attrs.containsKey(name + i); i++) {
                if (i >= MAX_CHUNKED_ATTRIBUTES) {
                    throw new ResourceLimitException(file, place, "more than " + MAX_CHUNKED_ATTRIBUTES + " chunks");
                }
                all.addAll(strings(attrs.get(name + i), place + " chunk " + i));
            }
            return all;
        });
    }

    private List<String> strings(Attribute a, String place) {
        if (a.isEmpty()) {
            return List.of();
        }
        Object data = a.getData();
        if (data instanceof String s) {
            return List.of(s);
        }
        if (data instanceof String[] arr) {
            return List.of(arr);
        }
        if (data != null && data.getClass().isArray() && Array.getLength(data) == 0) {
            return List.of();
        }
        throw new MalformedInputException(file, place, "expected an array of strings, found " + describe(data));
    }

    private static String describe(Object data) {
        if (data == null) {
            return "nothing";
        }
        if (data.getClass().isArray()) {
            return data.getClass().getComponentType().getSimpleName() + "[" + Array.getLength(data) + "]";
        }
        return data.getClass().getSimpleName();
    }

    /**
     * The content of a numeric dataset as a tensor: a zero-copy slice of the mapped file for a
     * contiguous dataset, a heap copy otherwise.
     *
     * @param what how the dataset is named in errors
     * @throws UnsupportedFeatureException for element types that have no IR dtype
     * @throws MalformedInputException when the dataset cannot be decoded or lies outside the file
     */
    public Tensor tensor(Dataset ds, String what) {
        return guard(what, () -> {
            DataType type = ds.getDataType();
            DType dtype = dtypeOf(type, what);
            int[] dims = ds.isScalar() ? new int[0] : ds.getDimensions();
            long[] shape = new long[dims.length];
            for (int i = 0; i < dims.length; i++) {
                if (dims[i] < 0) {
                    throw new MalformedInputException(file, what, "negative dimension in shape " + Arrays.toString(dims));
                }
                shape[i] = dims[i];
            }
            long count = Tensor.elementCount(shape);
            long bytes;
            try {
                bytes = Math.multiplyExact(count, (long) dtype.byteSize());
            } catch (ArithmeticException e) {
                throw new ResourceLimitException(file, what, "shape " + Arrays.toString(shape) + " overflows a 64-bit size");
            }
            ByteOrder order = type instanceof OrderedDataType o ? o.getByteOrder() : ByteOrder.LITTLE_ENDIAN;
            if (count == 0) {
                return Tensor.of(dtype, shape, MemorySegment.ofArray(new byte[0]), ByteOrder.LITTLE_ENDIAN);
            }
            if (ds instanceof ContiguousDataset c && ds.getFilters().isEmpty() && !ds.isEmpty()) {
                long address = c.getDataAddress();
                if (address < 0) {
                    throw new MalformedInputException(file, what, "data address " + address + " is undefined");
                }
                MemorySegment seg = mapped.slice(userBlock + address, bytes, what);
                return Tensor.of(dtype, shape, seg, order);
            }
            if (ds.isEmpty()) {
                throw new MalformedInputException(file, what, "dataset of shape " + Arrays.toString(shape)
                        + " has no data stored (never written)");
            }
            long limit = Math.max(64L << 20, mapped.size() * 1024L);
            if (bytes > Integer.MAX_VALUE - 16L || bytes > limit) {
                throw new ResourceLimitException(file, what, "a compressed dataset of " + bytes
                        + " bytes is more than Rosetta decodes into memory (" + Math.min(limit, Integer.MAX_VALUE - 16L) + ")");
            }
            return copyOf(ds.getDataFlat(), dtype, shape, what);
        });
    }

    private DType dtypeOf(DataType type, String what) {
        if (type instanceof FloatingPoint) {
            return switch (type.getSize()) {
                case 2 -> DType.FLOAT16;
                case 4 -> DType.FLOAT32;
                case 8 -> DType.FLOAT64;
                default -> throw new UnsupportedFeatureException(file + ": " + what + ": " + type.getSize() * 8
                        + "-bit floating point is not supported (float16, float32, float64 are)");
            };
        }
        if (type instanceof FixedPoint fp) {
            boolean signed = fp.isSigned();
            return switch (type.getSize()) {
                case 1 -> signed ? DType.INT8 : DType.UINT8;
                case 2 -> signed ? DType.INT16 : unsupportedInt(what, "uint16");
                case 4 -> signed ? DType.INT32 : unsupportedInt(what, "uint32");
                case 8 -> signed ? DType.INT64 : unsupportedInt(what, "uint64");
                default -> unsupportedInt(what, type.getSize() * 8 + "-bit integer");
            };
        }
        throw new UnsupportedFeatureException(file + ": " + what + ": HDF5 element type "
                + type.getClass().getSimpleName() + " is not a numeric tensor type Rosetta reads");
    }

    private DType unsupportedInt(String what, String name) {
        throw new UnsupportedFeatureException(file + ": " + what + ": " + name + " tensors are not supported");
    }

    private Tensor copyOf(Object flat, DType dtype, long[] shape, String what) {
        long n = Tensor.elementCount(shape);
        if (flat == null || !flat.getClass().isArray() || Array.getLength(flat) != n) {
            throw new MalformedInputException(file, what, "decoded " + describe(flat) + " for shape " + Arrays.toString(shape));
        }
        MemorySegment seg = Tensor.allocate(n * dtype.byteSize());
        for (int i = 0; i < n; i++) {
            double v = switch (flat) {
                case float[] f -> f[i];
                case double[] d -> d[i];
                case byte[] b -> dtype == DType.UINT8 ? b[i] & 0xff : b[i];
                case short[] s -> s[i];
                case int[] x -> x[i];
                case long[] l -> l[i];
                default -> throw new MalformedInputException(file, what, "decoded " + describe(flat));
            };
            if (flat instanceof long[] l) {
                seg.set(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), (long) i * 8, l[i]);
            } else {
                Tensor.put(seg, dtype, ByteOrder.LITTLE_ENDIAN, i, v);
            }
        }
        return Tensor.of(dtype, shape, seg, ByteOrder.LITTLE_ENDIAN);
    }

    private static String join(Group parent, String name) {
        String p = parent.getPath();
        return (p.endsWith("/") ? p : p + "/") + name;
    }

    @Override
    public void close() {
        hdf.close();
    }
}
