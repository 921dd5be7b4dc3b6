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

    private final DType dtype;
    private final long[] shape;
    private final MemorySegment data;
    private final ByteOrder order;

    private Tensor(DType dtype, long[] shape, MemorySegment data, ByteOrder order) {
        this.dtype = dtype;
        this.shape = shape;
        this.data = data.asReadOnly();
        this.order = order;
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
        return data.byteSize();
    }

    /** The byte order of {@link #data()}. */
    public ByteOrder byteOrder() {
        return order;
    }

    /** A read-only view of the element bytes in {@link #byteOrder()}. */
    public MemorySegment data() {
        return data;
    }

    /**
     * This tensor with its bytes in {@code target} order: itself when already so, otherwise a
     * copy with every element's bytes swapped.
     */
    public Tensor withByteOrder(ByteOrder target) {
        if (target == order || dtype.byteSize() == 1) {
            return order == target ? this : new Tensor(dtype, shape, data, target);
        }
        MemorySegment copy = allocate(data.byteSize());
        long n = elementCount();
        int w = dtype.byteSize();
        for (long i = 0; i < n; i++) {
            long off = i * w;
            for (int b = 0; b < w; b++) {
                copy.set(ValueLayout.JAVA_BYTE, off + b, data.get(ValueLayout.JAVA_BYTE, off + w - 1 - b));
            }
        }
        return new Tensor(dtype, shape, copy, target);
    }

    /** The same bytes viewed with another shape of equal element count. */
    public Tensor reshape(long... newShape) {
        long[] s = newShape.clone();
        if (elementCount(s) != elementCount()) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(shape) + " to "
                    + Arrays.toString(s));
        }
        return new Tensor(dtype, s, data, order);
    }

    /** The element at a flat row-major index, converted to double (bool: 0 or 1). */
    public double getDouble(long index) {
        checkIndex(index);
        long off = index * dtype.byteSize();
        boolean le = order == ByteOrder.LITTLE_ENDIAN;
        return switch (dtype) {
            case FLOAT16 -> Float.float16ToFloat(data.get(le ? SHORT_LE : SHORT_BE, off));
            case BFLOAT16 -> Float.intBitsToFloat((data.get(le ? SHORT_LE : SHORT_BE, off) & 0xffff) << 16);
            case FLOAT32 -> data.get(le ? FLOAT_LE : FLOAT_BE, off);
            case FLOAT64 -> data.get(le ? DOUBLE_LE : DOUBLE_BE, off);
            default -> getLong(index);
        };
    }

    /** The element at a flat row-major index as a long (floats truncate toward zero). */
    public long getLong(long index) {
        checkIndex(index);
        long off = index * dtype.byteSize();
        boolean le = order == ByteOrder.LITTLE_ENDIAN;
        return switch (dtype) {
            case INT8 -> data.get(ValueLayout.JAVA_BYTE, off);
            case UINT8 -> data.get(ValueLayout.JAVA_BYTE, off) & 0xff;
            case BOOL -> data.get(ValueLayout.JAVA_BYTE, off) != 0 ? 1 : 0;
            case INT16 -> data.get(le ? SHORT_LE : SHORT_BE, off);
            case INT32 -> data.get(le ? INT_LE : INT_BE, off);
            case INT64 -> data.get(le ? LONG_LE : LONG_BE, off);
            default -> (long) getDouble(index);
        };
    }

    /** All elements as float32 values (heap copy); for tensors of at most 2^31-1 elements. */
    public float[] toFloatArray() {
        int n = heapCount();
        float[] out = new float[n];
        if (dtype == DType.FLOAT32) {
            MemorySegment.copy(data, order == ByteOrder.LITTLE_ENDIAN ? FLOAT_LE : FLOAT_BE, 0, out, 0, n);
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
        return withByteOrder(ByteOrder.LITTLE_ENDIAN).data.toArray(ValueLayout.JAVA_BYTE);
    }

    /** True when dtype, shape and every byte (in a common byte order) are equal. */
    public boolean contentEquals(Tensor other) {
        if (dtype != other.dtype || !Arrays.equals(shape, other.shape)) {
            return false;
        }
        Tensor a = withByteOrder(ByteOrder.LITTLE_ENDIAN);
        Tensor b = other.withByteOrder(ByteOrder.LITTLE_ENDIAN);
        return a.data.mismatch(b.data) == -1;
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
            case BFLOAT16 -> seg.set(le ? SHORT_LE : SHORT_BE, off, toBfloat16((float) v));
            case FLOAT32 -> seg.set(le ? FLOAT_LE : FLOAT_BE, off, (float) v);
            case FLOAT64 -> seg.set(le ? DOUBLE_LE : DOUBLE_BE, off, v);
            case INT8, UINT8 -> seg.set(ValueLayout.JAVA_BYTE, off, (byte) (long) v);
            case BOOL -> seg.set(ValueLayout.JAVA_BYTE, off, (byte) (v != 0 ? 1 : 0));
            case INT16 -> seg.set(le ? SHORT_LE : SHORT_BE, off, (short) (long) v);
            case INT32 -> seg.set(le ? INT_LE : INT_BE, off, (int) (long) v);
            case INT64 -> seg.set(le ? LONG_LE : LONG_BE, off, (long) v);
        }
    }

    /** Rounds a float to bfloat16 (round to nearest even), keeping NaN a NaN. */
    static short toBfloat16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        int rounding = 0x7fff + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    @Override
    public String toString() {
        return "Tensor(" + dtype.shortName() + Arrays.toString(shape) + ")";
    }
}
