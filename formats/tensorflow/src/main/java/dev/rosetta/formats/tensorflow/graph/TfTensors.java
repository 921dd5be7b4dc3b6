package dev.rosetta.formats.tensorflow.graph;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.ResourceLimitException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.tensorflow.bundle.TfDataTypes;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * TensorFlow's protobuf values as IR values: {@code TensorProto} constants (raw
 * {@code tensor_content} or the typed value lists, whose last value repeats to fill the shape) and
 * {@code TensorShapeProto} shapes ({@code -1} is a dynamic dimension).
 */
public final class TfTensors {
    /** Constants larger than this are refused (a GraphDef protobuf holds at most 2 GiB anyway). */
    private static final long MAX_CONSTANT_BYTES = 1L << 31;
    private static final java.lang.foreign.ValueLayout.OfLong INT64_LE =
            java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private TfTensors() {
    }

    /** A shape; unknown rank gives {@link Shape#UNKNOWN_RANK}, {@code -1} a symbolic dimension. */
    public static Shape shape(TensorShapeProto s) {
        if (s.getUnknownRank()) {
            return Shape.UNKNOWN_RANK;
        }
        List<Dim> dims = new ArrayList<>(s.getDimCount());
        for (TensorShapeProto.Dim d : s.getDimList()) {
            dims.add(d.getSize() < 0 ? Dim.symbol("") : Dim.of(d.getSize()));
        }
        return new Shape(dims);
    }

    /**
     * The content of a {@code TensorProto}.
     *
     * @param file for messages
     * @param where e.g. {@code "node 'conv/kernel' (Const)"}
     * @throws UnsupportedFeatureException for strings and types the IR lacks
     * @throws MalformedInputException when the content does not fit the shape
     */
    public static Tensor tensor(TensorProto p, Path file, String where) {
        DType dtype = TfDataTypes.toIr(p.getDtype());
        if (dtype == null) {
            throw new UnsupportedFeatureException((file == null ? "" : file + ": ") + where + ": a constant of type "
                    + TfDataTypes.describe(p.getDtype()) + ", which has no IR type");
        }
        Shape s = shape(p.getTensorShape());
        if (!s.isStatic()) {
            throw new MalformedInputException(file, where, "a constant of shape " + s + " (every dimension must be known)");
        }
        long[] shape = s.toArray();
        long n;
        long bytes;
        try {
            n = Tensor.elementCount(shape);
            bytes = Math.multiplyExact(n, (long) dtype.byteSize());
        } catch (RuntimeException e) {
            throw new ResourceLimitException(file, where, "constant shape " + s + " is too large");
        }
        if (bytes > MAX_CONSTANT_BYTES) {
            throw new ResourceLimitException(file, where, "a constant of " + bytes + " bytes");
        }
        if (!p.getTensorContent().isEmpty()) {
            if (p.getTensorContent().size() != bytes) {
                throw new MalformedInputException(file, where, "tensor_content has " + p.getTensorContent().size()
                        + " bytes; a " + dtype.shortName() + s + " constant needs " + bytes);
            }
            // A view, not a copy: of the mapped file when the GraphDef was parsed with aliasing.
            return Tensor.of(dtype, shape, MemorySegment.ofBuffer(p.getTensorContent().asReadOnlyByteBuffer()),
                    ByteOrder.LITTLE_ENDIAN);
        }
        int count = valueCount(p);
        if (count == 0) {
            return Tensor.of(dtype, shape, Tensor.allocate(bytes), ByteOrder.LITTLE_ENDIAN);
        }
        if (count > n) {
            throw new MalformedInputException(file, where, count + " values for a constant of " + n + " elements");
        }
        MemorySegment seg = Tensor.allocate(bytes);
        for (long i = 0; i < n; i++) {
            int at = (int) Math.min(i, count - 1);
            if (dtype == DType.INT64) {
                seg.set(INT64_LE, i * 8, p.getInt64Val(at));
            } else {
                Tensor.put(seg, dtype, ByteOrder.LITTLE_ENDIAN, i, value(p, at));
            }
        }
        return Tensor.of(dtype, shape, seg, ByteOrder.LITTLE_ENDIAN);
    }

    private static int valueCount(TensorProto p) {
        return switch (p.getDtype()) {
            case DT_FLOAT -> p.getFloatValCount();
            case DT_DOUBLE -> p.getDoubleValCount();
            case DT_HALF, DT_BFLOAT16 -> p.getHalfValCount();
            case DT_INT64 -> p.getInt64ValCount();
            case DT_BOOL -> p.getBoolValCount();
            default -> p.getIntValCount();
        };
    }

    private static double value(TensorProto p, int i) {
        DataType t = p.getDtype();
        return switch (t) {
            case DT_FLOAT -> p.getFloatVal(i);
            case DT_DOUBLE -> p.getDoubleVal(i);
            case DT_HALF -> Float.float16ToFloat((short) p.getHalfVal(i));
            case DT_BFLOAT16 -> Float.intBitsToFloat((p.getHalfVal(i) & 0xffff) << 16);
            case DT_INT64 -> p.getInt64Val(i);
            case DT_BOOL -> p.getBoolVal(i) ? 1 : 0;
            default -> p.getIntVal(i);
        };
    }

    /** The strings of a {@code DT_STRING} constant, as UTF-8 text. */
    public static List<String> strings(TensorProto p) {
        List<String> out = new ArrayList<>();
        for (var s : p.getStringValList()) {
            out.add(s.toStringUtf8());
        }
        return out;
    }
}
