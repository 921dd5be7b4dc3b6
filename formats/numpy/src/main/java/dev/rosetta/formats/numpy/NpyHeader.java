package dev.rosetta.formats.numpy;

import dev.rosetta.ir.DType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * The parsed header of an {@code .npy} stream: where the data starts and how to read it.
 *
 * <p>Layout (NumPy's {@code numpy.lib.format}): the magic {@code \x93NUMPY}, a major and a minor
 * version byte, the header length (2 bytes little-endian in version 1.0, 4 bytes in 2.0 and 3.0),
 * then the header: a Python dict literal with exactly the keys {@code descr},
 * {@code fortran_order} and {@code shape}, latin-1 in versions 1.0/2.0 and UTF-8 in 3.0, padded
 * with spaces and a newline. The data follows immediately.
 *
 * <p>{@link #read} checks every size before it allocates: the header length against
 * {@link #MAX_HEADER_BYTES} and the stream's real size, the element count and byte count against
 * 64-bit overflow, and the data length against the bytes that remain after the header.
 */
final class NpyHeader {
    /** The six magic bytes every {@code .npy} stream starts with. */
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Bound on the header dict; NumPy itself refuses headers over 10,000 bytes by default. */
    static final int MAX_HEADER_BYTES = 1 << 20;

    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

    private final NpyDescr descr;
    private final boolean fortranOrder;
    private final long[] shape;
    private final int majorVersion;
    private final long dataOffset;
    private final long dataBytes;

    private NpyHeader(NpyDescr descr, boolean fortranOrder, long[] shape, int majorVersion, long dataOffset,
                      long dataBytes) {
        this.descr = descr;
        this.fortranOrder = fortranOrder;
        this.shape = shape;
        this.majorVersion = majorVersion;
        this.dataOffset = dataOffset;
        this.dataBytes = dataBytes;
    }

    DType dtype() {
        return descr.dtype();
    }

    /** The byte order of the stored elements. */
    ByteOrder order() {
        return descr.order();
    }

    boolean fortranOrder() {
        return fortranOrder;
    }

    long[] shape() {
        return shape.clone();
    }

    /** 1, 2 or 3. */
    int majorVersion() {
        return majorVersion;
    }

    /** Offset of the first data byte in the stream. */
    long dataOffset() {
        return dataOffset;
    }

    /** Number of data bytes: element count times element size. */
    long dataBytes() {
        return dataBytes;
    }

    /**
     * Reads and checks the header of the {@code .npy} stream in {@code npy}.
     *
     * @throws dev.rosetta.error.MalformedInputException for a bad magic, a truncated preamble or
     *     header, a header that is not the expected dict, or data shorter than the shape needs
     * @throws dev.rosetta.error.ResourceLimitException for a header longer than
     *     {@link #MAX_HEADER_BYTES} or a shape whose size overflows 64 bits
     * @throws dev.rosetta.error.UnsupportedFeatureException for an unknown format version or descr
     */
    static NpyHeader read(MemorySegment npy, Origin origin) {
        long size = npy.byteSize();
        int magicSeen = (int) Math.min(size, MAGIC.length);
        for (int i = 0; i < magicSeen; i++) {
            if (npy.get(ValueLayout.JAVA_BYTE, i) != MAGIC[i]) {
                throw origin.malformed(0, "expected the .npy magic \\x93NUMPY, found " + hex(npy, magicSeen));
            }
        }
        if (size < 10) {
            throw origin.malformed(size, "truncated header: the stream ends after " + size
                    + " bytes, inside the .npy preamble (magic, version, header length)");
        }
        int major = npy.get(ValueLayout.JAVA_BYTE, 6) & 0xff;
        int minor = npy.get(ValueLayout.JAVA_BYTE, 7) & 0xff;
        if (major < 1 || major > 3 || minor != 0) {
            throw origin.unsupported(".npy format version " + major + "." + minor
                    + " is not supported (supported: 1.0, 2.0, 3.0)");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        long preamble = 8 + lengthBytes;
        if (size < preamble) {
            throw origin.malformed(size, "truncated header: the stream ends after " + size
                    + " bytes, inside the " + preamble + "-byte preamble of format version " + major + ".0");
        }
        long headerLength = major == 1
                ? npy.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 8) & 0xffffL
                : npy.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 8) & 0xffffffffL;
        if (headerLength > MAX_HEADER_BYTES) {
            throw origin.limit(8, "header length " + headerLength + " exceeds the limit of "
                    + MAX_HEADER_BYTES + " bytes");
        }
        if (headerLength > size - preamble) {
            throw origin.malformed(8, "header length " + headerLength + " runs past the end: the header "
                    + "would end at byte " + (preamble + headerLength) + " but the stream has " + size + " bytes");
        }
        byte[] text = npy.asSlice(preamble, headerLength).toArray(ValueLayout.JAVA_BYTE);
        Charset charset = major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        Map<String, HeaderDictParser.Item> dict = HeaderDictParser.parse(text, preamble, origin, charset);
        for (Map.Entry<String, HeaderDictParser.Item> e : dict.entrySet()) {
            if (!KEYS.contains(e.getKey())) {
                throw origin.malformed(e.getValue().offset(), "unexpected key '" + e.getKey()
                        + "' in the header; expected exactly 'descr', 'fortran_order' and 'shape'");
            }
        }
        String descrText = require(dict, "descr", String.class, "a string", origin, preamble);
        boolean fortran = require(dict, "fortran_order", Boolean.class, "True or False", origin, preamble);
        long[] shape = require(dict, "shape", long[].class, "a tuple of integers", origin, preamble);
        NpyDescr descr = NpyDescr.parse(descrText).orElseThrow(() -> origin.unsupported(
                "dtype descr '" + descrText + "' is not supported; supported: " + NpyDescr.SUPPORTED));
        long shapeAt = dict.get("shape").offset();
        long count = 1;
        for (long d : shape) {
            try {
                count = Math.multiplyExact(count, d);
            } catch (ArithmeticException e) {
                throw origin.limit(shapeAt, "shape " + describe(shape) + " holds more than 2^63-1 elements");
            }
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(count, (long) descr.dtype().byteSize());
        } catch (ArithmeticException e) {
            throw origin.limit(shapeAt, "shape " + describe(shape) + " of " + descrText
                    + " needs more than 2^63-1 bytes");
        }
        long dataOffset = preamble + headerLength;
        long available = size - dataOffset;
        if (bytes > available) {
            throw origin.malformed(dataOffset, "truncated data: shape " + describe(shape) + " of " + descrText
                    + " needs " + bytes + " bytes after the header but only " + available + " exist");
        }
        return new NpyHeader(descr, fortran, shape, major, dataOffset, bytes);
    }

    private static <T> T require(Map<String, HeaderDictParser.Item> dict, String key, Class<T> type, String what,
                                 Origin origin, long headerStart) {
        HeaderDictParser.Item item = dict.get(key);
        if (item == null) {
            throw origin.malformed(headerStart, "expected key '" + key + "' in the header dict, found only "
                    + dict.keySet());
        }
        if (!type.isInstance(item.value())) {
            throw origin.malformed(item.offset(), "expected " + what + " as the value of '" + key + "'");
        }
        return type.cast(item.value());
    }

    /** Python's repr of a shape tuple: {@code ()}, {@code (3,)}, {@code (2, 3)}. */
    static String describe(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        String s = Arrays.toString(shape);
        return "(" + s.substring(1, s.length() - 1) + ")";
    }

    private static String hex(MemorySegment seg, int n) {
        if (n == 0) {
            return "an empty stream";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(String.format("%02x", seg.get(ValueLayout.JAVA_BYTE, i) & 0xff));
        }
        return "bytes " + sb;
    }
}
