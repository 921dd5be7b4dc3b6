package dev.rosetta.ir;

import dev.rosetta.error.InvalidGraphException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A constant n-dimensional array: dtype, shape and the bytes of its elements in row-major (C)
 * order.
 *
 * <p>The bytes live in a {@link MemorySegment}: on the heap for small tensors, or a region of a
 * memory-mapped file, so tensors and files over 2 GiB work without copying into the heap. The
 * segment's lifetime belongs to whoever created it (usually the {@link Model} that owns the mapped
 * file); reading a tensor after its model is closed throws {@link IllegalStateException}.
 *
 * <p>Elements are stored in {@link #byteOrder()}: readers keep a file's byte order when they map it
 * and callers that need little-endian bytes ask for {@link #withByteOrder(ByteOrder)}. Immutable:
 * {@link #data()} is a read-only view.
 *
 * <p>A {@link #deferred deferred} tensor holds a recipe for its bytes (a weight permutation, say)
 * instead of the bytes: a writer that streams tensors one by one asks it to {@link #copyTo} a
 * buffer it reuses, so a whole model of re-laid weights never sits in the heap at once; any other
 * reader calls {@link #data()}, which computes the bytes once and keeps them.
 */
public final class Tensor {
    private static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort SHORT_BE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG_BE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT_BE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfDouble DOUBLE_LE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble DOUBLE_BE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /**
     * Computes a deferred tensor's bytes.
     */
    @FunctionalInterface
    public interface Fill {
        /**
         * Writes the tensor's bytes, in its byte order, into {@code dst}: a writable segment of
         * exactly the tensor's byte size. Must not keep {@code dst}; may be called more than once.
         */
        void into(MemorySegment dst);
    }

    private final DType dtype;
    private final long[] shape;
    private final ByteOrder order;
    private final long byteSize;
    /** How to compute the bytes; null for a tensor made from bytes. */
    private final Fill fill;
    /** The bytes; null until a deferred tensor is first read through {@link #data()}. */
    private volatile MemorySegment data;

    private Tensor(DType dtype, long[] shape, MemorySegment data, ByteOrder order) {
        this.dtype = dtype;
        this.shape = shape;
        this.data = data.asReadOnly();
        this.order = order;
        this.byteSize = data.byteSize();
        this.fill = null;
    }

    private Tensor(DType dtype, long[] shape, ByteOrder order, Fill fill) {
        this.dtype = dtype;
        this.shape = shape;
        this.order = order;
        this.byteSize = Math.multiplyExact(elementCount(shape), (long) dtype.byteSize());
        this.fill = fill;
    }

    /**
     * A tensor whose bytes {@code fill} computes when they are first needed: once, on the first
     * {@link #data()} (and kept from then on), or straight into a caller's buffer on each
     * {@link #copyTo} before that. What {@code fill} reads (a mapped file, another tensor) must
     * stay open as long as this tensor is used.
     *
     * @throws InvalidGraphException when the shape has a negative dimension or its byte count overflows
     */
    public static Tensor deferred(DType dtype, long[] shape, ByteOrder order, Fill fill) {
        long[] s = shape.clone();
        elementCount(s);
        try {
            return new Tensor(dtype, s, order, java.util.Objects.requireNonNull(fill, "fill"));
        } catch (ArithmeticException e) {
            throw new InvalidGraphException("byte count of " + dtype.shortName() + Arrays.toString(s)
                    + " overflows a 64-bit integer");
        }
    }

    /**
     * Wraps existing bytes.
     *
     * @throws InvalidGraphException when the byte count disagrees with dtype and shape, or the
     *     shape has a negative dimension or an element count that overflows
     */
    public static Tensor of(DType dtype, long[] shape, MemorySegment data, ByteOrder order) {
        long[] s = shape.clone();
        long expected = Math.multiplyExact(elementCount(s), (long) dtype.byteSize());
        if (data.byteSize() != expected) {
            throw new InvalidGraphException("tensor of " + dtype.shortName() + Arrays.toString(s)
                    + " needs " + expected + " bytes but has " + data.byteSize());
        }
        return new Tensor(dtype, s, data, order);
    }

    /** Wraps little-endian bytes held in a heap array (no copy). */
    public static Tensor ofBytes(DType dtype, long[] shape, byte[] littleEndianData) {
        return of(dtype, shape, MemorySegment.ofArray(littleEndianData), ByteOrder.LITTLE_ENDIAN);
    }

    /** A float32 tensor holding a copy of {@code values}. */
    public static Tensor ofFloats(long[] shape, float... values) {
        MemorySegment seg = allocate((long) values.length * 4);
        MemorySegment.copy(values, 0, seg, FLOAT_LE, 0, values.length);
        return of(DType.FLOAT32, shape, seg, ByteOrder.LITTLE_ENDIAN);
    }

    /** A float64 tensor holding a copy of {@code values}. */
    public static Tensor ofDoubles(long[] shape, double... values) {
        MemorySegment seg = allocate((long) values.length * 8);
        MemorySegment.copy(values, 0, seg, DOUBLE_LE, 0, values.length);
        return of(DType.FLOAT64, shape, seg, ByteOrder.LITTLE_ENDIAN);
    }

    /** An int64 tensor holding a copy of {@code values}. */
    public static Tensor ofLongs(long[] shape, long... values) {
        MemorySegment seg = allocate((long) values.length * 8);
        MemorySegment.copy(values, 0, seg, LONG_LE, 0, values.length);
        return of(DType.INT64, shape, seg, ByteOrder.LITTLE_ENDIAN);
    }

    /** An int32 tensor holding a copy of {@code values}. */
    public static Tensor ofInts(long[] shape, int... values) {
        MemorySegment seg = allocate((long) values.length * 4);
        MemorySegment.copy(values, 0, seg, INT_LE, 0, values.length);
        return of(DType.INT32, shape, seg, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Builds a tensor of any dtype from doubles, converting each (rounding to the nearest
     * representable value for floats, truncating toward zero and wrapping for integers; bool is
     * {@code v != 0}).
     */
    public static Tensor fromDoubles(DType dtype, long[] shape, double... values) {
        long n = elementCount(shape.clone());
        if (n != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
                    + " elements but " + values.length + " values were given");
        }
        MemorySegment seg = allocate(n * dtype.byteSize());
        for (int i = 0; i < values.length; i++) {
            put(seg, dtype, ByteOrder.LITTLE_ENDIAN, i, values[i]);
        }
        return of(dtype, shape, seg, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The number of elements a shape holds.
     *
     * @throws InvalidGraphException on a negative dimension or an overflowing product
     */
    public static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new InvalidGraphException("negative dimension in shape " + Arrays.toString(shape));
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new InvalidGraphException("element count of shape " + Arrays.toString(shape)
                        + " overflows a 64-bit integer");
            }
        }
        return n;
    }

    /** A zeroed writable segment: on the heap when it fits an array, off-heap otherwise. */
    public static MemorySegment allocate(long bytes) {
        if (bytes <= Integer.MAX_VALUE - 16) {
            return MemorySegment.ofArray(new byte[(int) bytes]);
        }
        return Arena.ofAuto().allocate(bytes, 8);
    }

    public DType dtype() {
        return dtype;
    }

    /** A fresh copy of the shape. */
    public long[] shape() {
        return shape.clone();
    }

    /** The shape as a {@link Shape}. */
    public Shape staticShape() {
        return Shape.of(shape);
    }

    public int rank() {
        return shape.length;
    }

    public long elementCount() {
        return elementCount(shape);
    }

    public long byteSize() {
        return byteSize;
    }

    /** The byte order of {@link #data()}. */
    public ByteOrder byteOrder() {
        return order;
    }

    /**
     * A read-only view of the element bytes in {@link #byteOrder()}. A {@link #deferred} tensor
     * computes them on the first call and keeps them.
     */
    public MemorySegment data() {
        MemorySegment d = data;
        return d != null ? d : materialize();
    }

    /**
     * The recipe of a {@link #deferred} tensor whose bytes are not computed yet, else {@code null}:
     * lets whoever made it compose a further transform with it instead of stacking a second one.
     */
    public Fill pendingFill() {
        return data == null ? fill : null;
    }

    /** True while a {@link #deferred} tensor's bytes are not computed (nor kept) yet. */
    public boolean isDeferred() {
        return data == null;
    }

    /**
     * Writes the element bytes, in {@link #byteOrder()}, into {@code dst}. A {@link #deferred}
     * tensor whose bytes were not computed yet computes them straight into {@code dst} and keeps
     * nothing: the way for a writer to stream re-laid weights through one reused buffer.
     *
     * @throws IllegalArgumentException when {@code dst} is not exactly {@link #byteSize()} bytes
     */
    public void copyTo(MemorySegment dst) {
        if (dst.byteSize() != byteSize) {
            throw new IllegalArgumentException("tensor of " + byteSize + " bytes cannot be copied into "
                    + dst.byteSize() + " bytes");
        }
        MemorySegment d = data;
        if (d != null) {
            MemorySegment.copy(d, 0, dst, 0, byteSize);
        } else {
            fill.into(dst);
        }
    }

    private synchronized MemorySegment materialize() {
        if (data == null) {
            MemorySegment seg = allocate(byteSize);
            fill.into(seg);
            data = seg.asReadOnly();
        }
        return data;
    }

    /**
     * This tensor with its bytes in {@code target} order: itself when already so, otherwise a
     * copy with every element's bytes swapped.
     */
    public Tensor withByteOrder(ByteOrder target) {
        if (target == order) {
            return this;
        }
        MemorySegment bytes = data();
        if (dtype.byteSize() == 1) {
            return new Tensor(dtype, shape, bytes, target);
        }
        MemorySegment copy = allocate(bytes.byteSize());
        ElementConversions.swapBytes(bytes, copy, dtype.byteSize());
        return new Tensor(dtype, shape, copy, target);
    }

    /** The same bytes viewed with another shape of equal element count (of a deferred tensor: deferred). */
    public Tensor reshape(long... newShape) {
        long[] s = newShape.clone();
        if (elementCount(s) != elementCount()) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(shape) + " to "
                    + Arrays.toString(s));
        }
        MemorySegment d = data;
        return d != null ? new Tensor(dtype, s, d, order) : new Tensor(dtype, s, order, this::copyTo);
    }

    /** The element at a flat row-major index, converted to double (bool: 0 or 1). */
    public double getDouble(long index) {
        checkIndex(index);
        long off = index * dtype.byteSize();
        boolean le = order == ByteOrder.LITTLE_ENDIAN;
        MemorySegment bytes = data();
        return switch (dtype) {
            case FLOAT16 -> Float.float16ToFloat(bytes.get(le ? SHORT_LE : SHORT_BE, off));
            case BFLOAT16 -> Float.intBitsToFloat((bytes.get(le ? SHORT_LE : SHORT_BE, off) & 0xffff) << 16);
            case FLOAT32 -> bytes.get(le ? FLOAT_LE : FLOAT_BE, off);
            case FLOAT64 -> bytes.get(le ? DOUBLE_LE : DOUBLE_BE, off);
            default -> getLong(index);
        };
    }

    /** The element at a flat row-major index as a long (floats truncate toward zero). */
    public long getLong(long index) {
        checkIndex(index);
        long off = index * dtype.byteSize();
        boolean le = order == ByteOrder.LITTLE_ENDIAN;
        MemorySegment bytes = data();
        return switch (dtype) {
            case INT8 -> bytes.get(ValueLayout.JAVA_BYTE, off);
            case UINT8 -> bytes.get(ValueLayout.JAVA_BYTE, off) & 0xff;
            case BOOL -> bytes.get(ValueLayout.JAVA_BYTE, off) != 0 ? 1 : 0;
            case INT16 -> bytes.get(le ? SHORT_LE : SHORT_BE, off);
            case INT32 -> bytes.get(le ? INT_LE : INT_BE, off);
            case INT64 -> bytes.get(le ? LONG_LE : LONG_BE, off);
            default -> (long) getDouble(index);
        };
    }

    /** All elements as float32 values (heap copy); for tensors of at most 2^31-1 elements. */
    public float[] toFloatArray() {
        int n = heapCount();
        float[] out = new float[n];
        if (dtype == DType.FLOAT32) {
            MemorySegment.copy(data(), order == ByteOrder.LITTLE_ENDIAN ? FLOAT_LE : FLOAT_BE, 0, out, 0, n);
        } else if (dtype == DType.FLOAT16) {
            ElementConversions.float16ToFloat32(data(), order, MemorySegment.ofArray(out), ByteOrder.nativeOrder());
        } else if (dtype == DType.BFLOAT16) {
            ElementConversions.bfloat16ToFloat32(data(), order, MemorySegment.ofArray(out), ByteOrder.nativeOrder());
        } else {
            for (int i = 0; i < n; i++) {
                out[i] = (float) getDouble(i);
            }
        }
        return out;
    }

    /** All elements as doubles (heap copy); for tensors of at most 2^31-1 elements. */
    public double[] toDoubleArray() {
        int n = heapCount();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = getDouble(i);
        }
        return out;
    }

    /** All elements as longs (heap copy); for tensors of at most 2^31-1 elements. */
    public long[] toLongArray() {
        int n = heapCount();
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = getLong(i);
        }
        return out;
    }

    /** The bytes in little-endian order as a heap array; for tensors under 2 GiB. */
    public byte[] toLittleEndianBytes() {
        if (byteSize() > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("tensor of " + byteSize() + " bytes does not fit a Java array");
        }
        return withByteOrder(ByteOrder.LITTLE_ENDIAN).data().toArray(ValueLayout.JAVA_BYTE);
    }

    /** True when dtype, shape and every byte (in a common byte order) are equal. */
    public boolean contentEquals(Tensor other) {
        if (dtype != other.dtype || !Arrays.equals(shape, other.shape)) {
            return false;
        }
        Tensor a = withByteOrder(ByteOrder.LITTLE_ENDIAN);
        Tensor b = other.withByteOrder(ByteOrder.LITTLE_ENDIAN);
        return a.data().mismatch(b.data()) == -1;
    }

    private int heapCount() {
        long n = elementCount();
        if (n > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("tensor of " + n + " elements does not fit a Java array");
        }
        return (int) n;
    }

    private void checkIndex(long index) {
        if (index < 0 || index >= elementCount()) {
            throw new IndexOutOfBoundsException("index " + index + " outside tensor of "
                    + elementCount() + " elements");
        }
    }

    /** Writes {@code v}, converted to {@code dtype}, at a flat index of a writable segment. */
    public static void put(MemorySegment seg, DType dtype, ByteOrder order, long index, double v) {
        long off = index * dtype.byteSize();
        boolean le = order == ByteOrder.LITTLE_ENDIAN;
        switch (dtype) {
            case FLOAT16 -> seg.set(le ? SHORT_LE : SHORT_BE, off, Float.floatToFloat16((float) v));
            case BFLOAT16 -> seg.set(le ? SHORT_LE : SHORT_BE, off, ElementConversions.toBfloat16((float) v));
            case FLOAT32 -> seg.set(le ? FLOAT_LE : FLOAT_BE, off, (float) v);
            case FLOAT64 -> seg.set(le ? DOUBLE_LE : DOUBLE_BE, off, v);
            case INT8, UINT8 -> seg.set(ValueLayout.JAVA_BYTE, off, (byte) (long) v);
            case BOOL -> seg.set(ValueLayout.JAVA_BYTE, off, (byte) (v != 0 ? 1 : 0));
            case INT16 -> seg.set(le ? SHORT_LE : SHORT_BE, off, (short) (long) v);
            case INT32 -> seg.set(le ? INT_LE : INT_BE, off, (int) (long) v);
            case INT64 -> seg.set(le ? LONG_LE : LONG_BE, off, (long) v);
        }
    }

    @Override
    public String toString() {
        return "Tensor(" + dtype.shortName() + Arrays.toString(shape) + ")";
    }
}
