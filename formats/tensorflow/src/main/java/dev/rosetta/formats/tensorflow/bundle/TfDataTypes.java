package dev.rosetta.formats.tensorflow.bundle;

import dev.rosetta.ir.DType;
import org.tensorflow.proto.DataType;

/**
 * TensorFlow's {@code DataType} enum and the IR's {@link DType}: the numeric types both know.
 * Strings, resources, variants, complex and unsigned types wider than a byte have no IR type.
 */
public final class TfDataTypes {
    private TfDataTypes() {
    }

    /** The IR type of a TensorFlow type, or {@code null} when the IR has none. */
    public static DType toIr(DataType t) {
        if (t == null) {
            return null;
        }
        return switch (t) {
            case DT_FLOAT, DT_FLOAT_REF -> DType.FLOAT32;
            case DT_DOUBLE, DT_DOUBLE_REF -> DType.FLOAT64;
            case DT_HALF, DT_HALF_REF -> DType.FLOAT16;
            case DT_BFLOAT16, DT_BFLOAT16_REF -> DType.BFLOAT16;
            case DT_INT8, DT_INT8_REF -> DType.INT8;
            case DT_UINT8, DT_UINT8_REF -> DType.UINT8;
            case DT_INT16, DT_INT16_REF -> DType.INT16;
            case DT_INT32, DT_INT32_REF -> DType.INT32;
            case DT_INT64, DT_INT64_REF -> DType.INT64;
            case DT_BOOL, DT_BOOL_REF -> DType.BOOL;
            default -> null;
        };
    }

    /** The TensorFlow type of an IR type. */
    public static DataType toTf(DType t) {
        return switch (t) {
            case FLOAT32 -> DataType.DT_FLOAT;
            case FLOAT64 -> DataType.DT_DOUBLE;
            case FLOAT16 -> DataType.DT_HALF;
            case BFLOAT16 -> DataType.DT_BFLOAT16;
            case INT8 -> DataType.DT_INT8;
            case UINT8 -> DataType.DT_UINT8;
            case INT16 -> DataType.DT_INT16;
            case INT32 -> DataType.DT_INT32;
            case INT64 -> DataType.DT_INT64;
            case BOOL -> DataType.DT_BOOL;
        };
    }

    /** The short name TensorFlow prints ({@code float}, {@code int32}, ...) for messages. */
    public static String describe(DataType t) {
        if (t == null) {
            return "unknown";
        }
        String n = t.name();
        return n.startsWith("DT_") ? n.substring(3).toLowerCase(java.util.Locale.ROOT) : n;
    }
}
