package dev.rosetta.formats.safetensors;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.ResourceLimitException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.ir.DType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The validated header of a safetensors file: metadata and one {@link Entry} per tensor.
 *
 * <p>{@link #parse} enforces the whole specification before a single tensor byte is touched: the
 * 8-byte little-endian header length is at most {@link #MAX_HEADER_BYTES} and inside the file; the
 * header is strict UTF-8 JSON that begins with '{'; {@code __metadata__} maps strings to strings;
 * every tensor names a dtype, a shape of non-negative integers whose byte count does not overflow,
 * and {@code data_offsets} whose span equals that byte count; the offsets lie inside the data
 * region, and the tensors cover the data region exactly (no overlaps, no holes, no trailing bytes).
 *
 * @param headerLength the {@code N} of the file: bytes of JSON after the 8-byte prefix
 * @param metadata the {@code __metadata__} map, in file order (empty when absent)
 * @param entries the tensors, sorted by data offset
 */
record SafetensorsHeader(long headerLength, Map<String, String> metadata, List<Entry> entries) {

    /** The largest header accepted, as in the reference implementation. */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    /** The special key holding free-form string metadata. */
    static final String METADATA_KEY = "__metadata__";

    /**
     * Safetensors dtypes that are valid in the format but have no IR dtype, with their element
     * size in bytes (0 for sub-byte types, whose spans are not checked).
     */
    private static final Map<String, Integer> UNSUPPORTED_DTYPES = Map.ofEntries(
            Map.entry("U16", 2), Map.entry("U32", 4), Map.entry("U64", 8),
            Map.entry("F8_E5M2", 1), Map.entry("F8_E4M3", 1), Map.entry("F8_E8M0", 1),
            Map.entry("C64", 8), Map.entry("F4", 0), Map.entry("F6_E2M3", 0), Map.entry("F6_E3M2", 0));

    private static final Set<String> ENTRY_KEYS = Set.of("dtype", "shape", "data_offsets");

    /**
     * One tensor of the file.
     *
     * @param begin first byte, relative to the start of the data region
     * @param end one past the last byte, relative to the start of the data region
     */
    record Entry(String name, DType dtype, long[] shape, long begin, long end) {
        Entry {
            shape = shape.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }
    }

    /** Offset of the data region from the start of the file. */
    long dataStart() {
        return 8 + headerLength;
    }

    /**
     * Reads and validates the header of the file mapped as {@code file}.
     *
     * @param path names the file in errors
     * @throws MalformedInputException for content that breaks the format
     * @throws ResourceLimitException for sizes beyond the file or beyond sane limits
     * @throws UnsupportedFeatureException listing every tensor whose valid dtype the IR lacks
     */
    static SafetensorsHeader parse(Path path, MemorySegment file) {
        long size = file.byteSize();
        if (size < 8) {
            throw new MalformedInputException(path, "header length",
                    "truncated: expected an 8-byte little-endian header length, found a file of " + size + " bytes");
        }
        long n = file.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw new ResourceLimitException(path, "header length", "the header claims "
                    + Long.toUnsignedString(n) + " bytes, beyond the limit of " + MAX_HEADER_BYTES);
        }
        if (n > size - 8) {
            throw new ResourceLimitException(path, "header length", "the header claims " + n
                    + " bytes but only " + (size - 8) + " bytes follow the length (file of " + size
                    + " bytes): truncated or not a safetensors file");
        }
        String json = decodeUtf8(path, file.asSlice(8, n).toArray(ValueLayout.JAVA_BYTE));
        if (json.isEmpty() || json.charAt(0) != '{') {
            throw new MalformedInputException(path, "header at byte 8", "expected '{' to begin the JSON header, found "
                    + (json.isEmpty() ? "an empty header" : "'" + json.charAt(0) + "'"));
        }
        Object root;
        try {
            root = Json.parse(json);
        } catch (Json.ParseException e) {
            String place = "header at character " + e.position();
            if (e.isLimit()) {
                throw new ResourceLimitException(path, place, e.getMessage());
            }
            throw new MalformedInputException(path, place, "invalid JSON: " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new MalformedInputException(path, "header", "expected a JSON object at the top level");
        }
        long dataLength = size - 8 - n;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        List<String> unsupported = new ArrayList<>();
        for (Map.Entry<?, ?> e : top.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA_KEY)) {
                readMetadata(path, e.getValue(), metadata);
            } else {
                entries.add(readEntry(path, name, e.getValue(), dataLength, unsupported));
            }
        }
        entries.sort(BY_OFFSET);
        checkCoverage(path, entries, dataLength);
        if (!unsupported.isEmpty()) {
            throw new UnsupportedFeatureException(path + ": " + unsupported.size()
                    + " tensor(s) use safetensors dtypes Rosetta does not support (supported: "
                    + supportedNames() + ")", unsupported);
        }
        return new SafetensorsHeader(n, metadata, List.copyOf(entries));
    }

    private static final Comparator<Entry> BY_OFFSET = Comparator.comparingLong(Entry::begin)
            .thenComparingLong(Entry::end).thenComparing(Entry::name);

    /**
     * Checks that the tensors, sorted by offset, tile the data region exactly: the specification
     * requires the byte buffer to be fully indexed, so no bytes can hide between or after tensors.
     */
    private static void checkCoverage(Path path, List<Entry> sorted, long dataLength) {
        long cursor = 0;
        Entry previous = null;
        for (Entry e : sorted) {
            if (e.begin() < cursor) {
                throw new MalformedInputException(path, "tensor '" + e.name() + "'", "data_offsets ["
                        + e.begin() + ", " + e.end() + "] overlap tensor '" + previous.name() + "' at ["
                        + previous.begin() + ", " + previous.end() + "]");
            }
            if (e.begin() > cursor) {
                throw new MalformedInputException(path, "data region", "bytes [" + cursor + ", " + e.begin()
                        + ") belong to no tensor (a hole before tensor '" + e.name()
                        + "'); the format requires every byte to be indexed");
            }
            cursor = e.end();
            previous = e;
        }
        if (cursor != dataLength) {
            throw new MalformedInputException(path, "data region", "bytes [" + cursor + ", " + dataLength
                    + ") after the last tensor belong to no tensor; the format requires every byte to be indexed");
        }
    }

    private static String decodeUtf8(Path path, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedInputException(path, "header", "expected UTF-8 JSON, found invalid UTF-8 bytes");
        }
    }

    private static void readMetadata(Path path, Object value, Map<String, String> into) {
        if (!(value instanceof Map<?, ?> m)) {
            throw new MalformedInputException(path, "header key \"" + METADATA_KEY + "\"",
                    "expected an object mapping strings to strings, found " + kind(value));
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new MalformedInputException(path, "header key \"" + METADATA_KEY + "\"",
                        "expected a string for metadata \"" + e.getKey() + "\", found " + kind(e.getValue()));
            }
            into.put((String) e.getKey(), s);
        }
    }

    private static Entry readEntry(Path path, String name, Object value, long dataLength, List<String> unsupported) {
        String place = "tensor '" + name + "'";
        if (!(value instanceof Map<?, ?> m)) {
            throw new MalformedInputException(path, place, "expected an object with dtype, shape and data_offsets, found "
                    + kind(value));
        }
        for (Object k : m.keySet()) {
            if (!ENTRY_KEYS.contains(k)) {
                throw new MalformedInputException(path, place, "unexpected key \"" + k
                        + "\"; expected only dtype, shape and data_offsets");
            }
        }
        if (!(m.get("dtype") instanceof String dtypeName)) {
            throw new MalformedInputException(path, place, "expected a string \"dtype\", found " + kind(m.get("dtype")));
        }
        long[] shape = nonNegativeInts(path, place, "shape", m.get("shape"), -1);
        long[] offsets = nonNegativeInts(path, place, "data_offsets", m.get("data_offsets"), 2);
        long begin = offsets[0];
        long end = offsets[1];
        if (end < begin) {
            throw new MalformedInputException(path, place, "data_offsets [" + begin + ", " + end
                    + "] end before they begin");
        }
        if (end > dataLength) {
            throw new ResourceLimitException(path, place, "data_offsets [" + begin + ", " + end
                    + "] reach past the end of the data region of " + dataLength + " bytes");
        }
        DType dtype = null;
        int elementBytes;
        try {
            dtype = DType.fromSafetensors(dtypeName);
            elementBytes = dtype.byteSize();
        } catch (IllegalArgumentException e) {
            Integer size = UNSUPPORTED_DTYPES.get(dtypeName);
            if (size == null) {
                throw new MalformedInputException(path, place, "unknown dtype \"" + dtypeName
                        + "\"; expected one of " + supportedNames() + " or " + String.join(", ",
                        UNSUPPORTED_DTYPES.keySet().stream().sorted().toList()));
            }
            unsupported.add(place + " has dtype " + dtypeName);
            elementBytes = size;
        }
        long count = 1;
        for (long d : shape) {
            try {
                count = Math.multiplyExact(count, d);
            } catch (ArithmeticException ex) {
                throw new ResourceLimitException(path, place, "shape " + Arrays.toString(shape)
                        + " has an element count that overflows a 64-bit integer");
            }
        }
        if (elementBytes > 0) {
            long bytes;
            try {
                bytes = Math.multiplyExact(count, (long) elementBytes);
            } catch (ArithmeticException ex) {
                throw new ResourceLimitException(path, place, "shape " + Arrays.toString(shape) + " of "
                        + dtypeName + " needs more bytes than a 64-bit integer counts");
            }
            if (bytes != end - begin) {
                throw new MalformedInputException(path, place, "data_offsets [" + begin + ", " + end + "] span "
                        + (end - begin) + " bytes but " + dtypeName + Arrays.toString(shape) + " needs " + bytes);
            }
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static long[] nonNegativeInts(Path path, String place, String key, Object value, int exactLength) {
        if (!(value instanceof List<?> list)) {
            throw new MalformedInputException(path, place, "expected an array \"" + key + "\", found " + kind(value));
        }
        if (exactLength >= 0 && list.size() != exactLength) {
            throw new MalformedInputException(path, place, "expected \"" + key + "\" to hold " + exactLength
                    + " integers, found " + list.size());
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            Object o = list.get(i);
            if (!(o instanceof Json.Num num) || !num.isInteger() || num.text().startsWith("-")) {
                throw new MalformedInputException(path, place, "expected non-negative integers in \"" + key
                        + "\", found " + o);
            }
            long v = num.asNonNegativeLong();
            if (v < 0) {
                throw new ResourceLimitException(path, place, "\"" + key + "\" holds " + num.text()
                        + ", beyond a 64-bit signed integer");
            }
            out[i] = v;
        }
        return out;
    }

    private static String kind(Object o) {
        if (o == null) {
            return "nothing";
        }
        if (o instanceof Map<?, ?>) {
            return "an object";
        }
        if (o instanceof List<?>) {
            return "an array";
        }
        if (o instanceof String s) {
            return "the string \"" + s + "\"";
        }
        return String.valueOf(o);
    }

    private static String supportedNames() {
        StringBuilder sb = new StringBuilder();
        for (DType t : DType.values()) {
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(t.safetensorsName());
        }
        return sb.toString();
    }
}
