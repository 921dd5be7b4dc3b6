package dev.rosetta.formats.numpy;

import dev.rosetta.ir.DType;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * A NumPy {@code descr} string ({@code '<f4'}, {@code '|b1'}, {@code '>i8'}) resolved to a
 * {@link DType} and the byte order of the stored elements.
 *
 * <p>Byte-order characters: {@code '<'} little-endian, {@code '>'} big-endian, {@code '|'} (not
 * applicable) and {@code '='} (native) both mean the reading machine's native order, as in NumPy.
 * One-byte types are always reported as little-endian since order does not matter for them.
 *
 * <p><b>bfloat16.</b> NumPy has no bfloat16; ml_dtypes-aware tools store it as the opaque
 * {@code '<V2'}, which cannot be told apart from any other two-byte void type. Rosetta therefore
 * reads and writes bfloat16 with the descr {@code 'bfloat16'} (little-endian; {@code '<bfloat16'}
 * and {@code '>bfloat16'} are accepted too). Plain NumPy cannot load such a file;
 * {@code numpy.dtype('bfloat16')} works once {@code ml_dtypes} is imported.
 */
record NpyDescr(DType dtype, ByteOrder order) {
    /** The descr Rosetta uses for bfloat16. */
    static final String BFLOAT16 = "bfloat16";

    /** The descr strings a reader accepts, for error messages. */
    static final String SUPPORTED = "'<f2', '<f4', '<f8', '|i1', '|u1', '<i2', '<i4', '<i8', '|b1' "
            + "(byte order '<', '>', '|' or '='), and 'bfloat16'";

    /** Resolves a descr, or returns empty when Rosetta does not know it. */
    static Optional<NpyDescr> parse(String descr) {
        if (descr.equals(BFLOAT16)) {
            return Optional.of(new NpyDescr(DType.BFLOAT16, ByteOrder.LITTLE_ENDIAN));
        }
        if (descr.length() < 2) {
            return Optional.empty();
        }
        ByteOrder order = switch (descr.charAt(0)) {
            case '<' -> ByteOrder.LITTLE_ENDIAN;
            case '>' -> ByteOrder.BIG_ENDIAN;
            case '|', '=' -> ByteOrder.nativeOrder();
            default -> null;
        };
        if (order == null) {
            return Optional.empty();
        }
        String code = descr.substring(1);
        DType type = null;
        if (code.equals(BFLOAT16)) {
            type = DType.BFLOAT16;
        } else {
            for (DType t : DType.values()) {
                if (code.equals(t.numpyCode())) {
                    type = t;
                }
            }
        }
        if (type == null) {
            return Optional.empty();
        }
        return Optional.of(new NpyDescr(type, type.byteSize() == 1 ? ByteOrder.LITTLE_ENDIAN : order));
    }

    /** The descr string NumPy writes for this type and order, e.g. {@code '<f4'} or {@code '|u1'}. */
    String encode() {
        if (dtype == DType.BFLOAT16) {
            return order == ByteOrder.LITTLE_ENDIAN ? BFLOAT16 : ">" + BFLOAT16;
        }
        char c = dtype.byteSize() == 1 ? '|' : order == ByteOrder.LITTLE_ENDIAN ? '<' : '>';
        return c + dtype.numpyCode();
    }
}
