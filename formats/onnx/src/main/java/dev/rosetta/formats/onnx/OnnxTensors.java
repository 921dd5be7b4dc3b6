package dev.rosetta.formats.onnx;

import com.google.protobuf.ByteString;
import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.ResourceLimitException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.onnx.proto.OnnxProto.TensorProto;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Converts between ONNX {@code TensorProto}s and IR {@link Tensor}s.
 *
 * <p>Reading accepts every place ONNX puts data: {@code raw_data} (little-endian, kept as a view
 * of the parsed bytes), the typed fields ({@code float_data}, {@code int32_data} also for
 * 8/16-bit types and the bit patterns of float16/bfloat16, {@code int64_data},
 * {@code double_data}) and external data. Sizes are checked against the shape before anything is
 * allocated. Writing always uses raw little-endian bytes (see {@link OnnxWriter}).
 */
final class OnnxTensors {
    private static final String[] ONNX_TYPE_NAMES = {"UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16", "INT16",
        "INT32", "INT64", "STRING", "BOOL", "FLOAT16", "DOUBLE", "UINT32", "UINT64", "COMPLEX64", "COMPLEX128",
        "BFLOAT16", "FLOAT8E4M3FN", "FLOAT8E4M3FNUZ", "FLOAT8E5M2", "FLOAT8E5M2FNUZ", "UINT4", "INT4",
        "FLOAT4E2M1", "FLOAT8E8M0", "UINT2", "INT2"};

    private OnnxTensors() {
    }

    /** The ONNX name of a data-type number, e.g. {@code FLOAT16 (10)}. */
    static String typeName(int code) {
        return (code >= 0 && code < ONNX_TYPE_NAMES.length ? ONNX_TYPE_NAMES[code] : "unknown") + " (" + code + ")";
    }

    /**
     * The IR dtype of an ONNX data-type number.
     *
     * @throws UnsupportedFeatureException for a valid ONNX type the IR lacks (string, uint32, ...)
     * @throws MalformedInputException for a number ONNX does not define
     */
    static DType dtype(int code, Path file, String place) {
        try {
            return DType.fromOnnx(code);
        } catch (IllegalArgumentException e) {
            if (code > 0 && code < ONNX_TYPE_NAMES.length) {
                throw new UnsupportedFeatureException("data type " + typeName(code) + " of " + place
                        + " is not supported (supported: float16, bfloat16, float32, float64, int8, uint8, int16, int32,"
                        + " int64, bool)");
            }
            throw new MalformedInputException(file, place, "expected an ONNX data type, found " + code);
        }
    }

    /** Decodes a tensor, with its data mapped or aliased where it lies in a file. */
    static Tensor decode(TensorProto t, Path file, ExternalData external, String place) {
        if (!t.hasDataType() || t.getDataType() == 0) {
            throw new MalformedInputException(file, place, "expected a data_type, found none");
        }
        DType dtype = dtype(t.getDataType(), file, place);
        if (t.hasSegment()) {
            throw new UnsupportedFeatureException(place + ": segmented tensors are not supported");
        }
        long[] dims = new long[t.getDimsCount()];
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            dims[i] = t.getDims(i);
            if (dims[i] < 0) {
                throw new MalformedInputException(file, place, "expected dimensions >= 0, found " + t.getDimsList());
            }
            try {
                count = Math.multiplyExact(count, dims[i]);
            } catch (ArithmeticException e) {
                throw new ResourceLimitException(file, place, "shape " + t.getDimsList() + " has more elements than"
                        + " a 64-bit count holds");
            }
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(count, (long) dtype.byteSize());
        } catch (ArithmeticException e) {
            throw new ResourceLimitException(file, place, "shape " + t.getDimsList() + " needs more bytes than a"
                    + " 64-bit size holds");
        }
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            return Tensor.of(dtype, dims, external.slice(t, bytes), ByteOrder.LITTLE_ENDIAN);
        }
        if (t.hasRawData()) {
            ByteString raw = t.getRawData();
            if (raw.size() != bytes) {
                throw new MalformedInputException(file, place, "raw_data holds " + raw.size() + " bytes but "
                        + dtype.shortName() + t.getDimsList() + " needs " + bytes);
            }
            return Tensor.of(dtype, dims, MemorySegment.ofBuffer(raw.asReadOnlyByteBuffer()), ByteOrder.LITTLE_ENDIAN);
        }
        return typed(t, dtype, dims, count, file, place);
    }

    private static Tensor typed(TensorProto t, DType dtype, long[] dims, long count, Path file, String place) {
        int n = switch (dtype) {
            case FLOAT32 -> t.getFloatDataCount();
            case FLOAT64 -> t.getDoubleDataCount();
            case INT64 -> t.getInt64DataCount();
            default -> t.getInt32DataCount();
        };
        if (n != count) {
            throw new MalformedInputException(file, place, (n == 0 ? "holds no data" : "holds " + n + " values")
                    + " but " + dtype.shortName() + t.getDimsList() + " needs " + count);
        }
        MemorySegment seg = Tensor.allocate(count * dtype.byteSize());
        ValueLayout.OfShort s16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            switch (dtype) {
                case FLOAT32 -> seg.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), i,
                        t.getFloatData(i));
                case FLOAT64 -> seg.setAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), i,
                        t.getDoubleData(i));
                case INT64 -> seg.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), i,
                        t.getInt64Data(i));
                case INT32 -> seg.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), i,
                        t.getInt32Data(i));
                case INT16, FLOAT16, BFLOAT16 -> seg.setAtIndex(s16, i, (short) t.getInt32Data(i));
                case INT8, UINT8 -> seg.set(ValueLayout.JAVA_BYTE, i, (byte) t.getInt32Data(i));
                case BOOL -> seg.set(ValueLayout.JAVA_BYTE, i, (byte) (t.getInt32Data(i) != 0 ? 1 : 0));
            }
        }
        return Tensor.of(dtype, dims, seg, ByteOrder.LITTLE_ENDIAN);
    }

    /** A tensor header: name, dims and data type, without data. */
    static TensorProto.Builder header(String name, Tensor t) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(t.dtype().onnxCode());
        for (long d : t.shape()) {
            b.addDims(d);
        }
        return b;
    }

    /** A complete in-memory tensor with raw little-endian data (for small tensors: attributes). */
    static TensorProto encode(String name, Tensor t) {
        return header(name, t).setRawData(ByteString.copyFrom(t.toLittleEndianBytes())).build();
    }
}
