package dev.rosetta.ir;

import java.util.Locale;

/**
 * Element types of tensors and values, with their names in each framework.
 *
 * <p>Every {@code from*} lookup rejects unknown names with an {@link IllegalArgumentException}
 * naming the value and the accepted ones; readers turn that into a malformed-input error that
 * names the file.
 */
public enum DType {
    FLOAT16(2, 10, "torch.float16", "f2", "F16", true),
    BFLOAT16(2, 16, "torch.bfloat16", null, "BF16", true),
    FLOAT32(4, 1, "torch.float32", "f4", "F32", true),
    FLOAT64(8, 11, "torch.float64", "f8", "F64", true),
    INT8(1, 3, "torch.int8", "i1", "I8", false),
    UINT8(1, 2, "torch.uint8", "u1", "U8", false),
    INT16(2, 5, "torch.int16", "i2", "I16", false),
    INT32(4, 6, "torch.int32", "i4", "I32", false),
    INT64(8, 7, "torch.int64", "i8", "I64", false),
    BOOL(1, 9, "torch.bool", "b1", "BOOL", false);

    private final int byteSize;
    private final int onnxCode;
    private final String torchName;
    private final String numpyCode;
    private final String safetensorsName;
    private final boolean floatingPoint;

    DType(int byteSize, int onnxCode, String torchName, String numpyCode, String safetensorsName,
          boolean floatingPoint) {
        this.byteSize = byteSize;
        this.onnxCode = onnxCode;
        this.torchName = torchName;
        this.numpyCode = numpyCode;
        this.safetensorsName = safetensorsName;
        this.floatingPoint = floatingPoint;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** The {@code TensorProto.DataType} number ONNX uses. */
    public int onnxCode() {
        return onnxCode;
    }

    /** The PyTorch name, e.g. {@code torch.float32}. */
    public String torchName() {
        return torchName;
    }

    /**
     * The NumPy kind+size code without byte-order character, e.g. {@code f4}; {@code null} for
     * bfloat16, which NumPy has no native type for.
     */
    public String numpyCode() {
        return numpyCode;
    }

    /** The safetensors header name, e.g. {@code F32}. */
    public String safetensorsName() {
        return safetensorsName;
    }

    /** True for the floating-point types. */
    public boolean isFloatingPoint() {
        return floatingPoint;
    }

    /** The lower-case short name used in reports: {@code float32}, {@code int64}, ... */
    public String shortName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Looks up an ONNX {@code TensorProto.DataType} number. */
    public static DType fromOnnx(int code) {
        for (DType t : values()) {
            if (t.onnxCode == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unsupported ONNX data type " + code
                + "; supported: " + describe(t -> Integer.toString(t.onnxCode)));
    }

    /** Looks up a PyTorch dtype name, with or without the {@code torch.} prefix. */
    public static DType fromTorch(String name) {
        String full = name.startsWith("torch.") ? name : "torch." + name;
        for (DType t : values()) {
            if (t.torchName.equals(full)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unsupported PyTorch dtype '" + name
                + "'; supported: " + describe(DType::torchName));
    }

    /** Looks up a NumPy kind+size code without byte order ({@code f4}, {@code i8}, {@code b1}). */
    public static DType fromNumpy(String code) {
        for (DType t : values()) {
            if (code.equals(t.numpyCode)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unsupported NumPy dtype '" + code
                + "'; supported: " + describe(DType::numpyCode));
    }

    /** Looks up a safetensors header dtype name ({@code F32}, {@code BF16}, ...). */
    public static DType fromSafetensors(String name) {
        for (DType t : values()) {
            if (t.safetensorsName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unsupported safetensors dtype '" + name
                + "'; supported: " + describe(DType::safetensorsName));
    }

    /** Looks up a report name as returned by {@link #shortName()}. */
    public static DType fromShortName(String name) {
        for (DType t : values()) {
            if (t.shortName().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown dtype '" + name + "'; known: "
                + describe(DType::shortName));
    }

    private static String describe(java.util.function.Function<DType, String> f) {
        StringBuilder sb = new StringBuilder();
        for (DType t : values()) {
            String s = f.apply(t);
            if (s != null) {
                if (!sb.isEmpty()) {
                    sb.append(", ");
                }
                sb.append(s);
            }
        }
        return sb.toString();
    }
}
