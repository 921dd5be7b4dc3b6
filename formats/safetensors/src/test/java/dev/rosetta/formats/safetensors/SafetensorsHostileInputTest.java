package dev.rosetta.formats.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.ResourceLimitException;
import dev.rosetta.error.RosettaException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Model;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a file can lie gets its own typed error that names the file and the place. */
class SafetensorsHostileInputTest {
    private final SafetensorsFormat format = new SafetensorsFormat();

    @TempDir
    Path dir;

    private Path file(String name, long headerLength, byte[] header, int dataBytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerLength).array());
        out.write(header);
        out.write(new byte[dataBytes]);
        Path p = dir.resolve(name + ".safetensors");
        Files.write(p, out.toByteArray());
        return p;
    }

    private Path file(String name, String json, int dataBytes) throws Exception {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        return file(name, h.length, h, dataBytes);
    }

    /** Reads {@code p}, expecting exactly {@code type} with a message that names the file and {@code phrase}. */
    private <T extends RosettaException> T expect(Class<T> type, Path p, String phrase) {
        try (Model m = format.read(p, FormatOptions.none())) {
            fail("expected " + type.getSimpleName() + " but read " + m.graph());
            return null;
        } catch (RosettaException e) {
            assertEquals(type, e.getClass(), () -> "wrong error type for " + p.getFileName() + ": " + e);
            assertTrue(e.getMessage().contains(p.toString()), () -> "message names the file: " + e.getMessage());
            assertTrue(e.getMessage().contains(phrase), () -> "message mentions '" + phrase + "': " + e.getMessage());
            return type.cast(e);
        } catch (Exception e) {
            throw new AssertionError("unexpected " + e, e);
        }
    }

    private static String tensor(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + "," + end + "]}";
    }

    @Test
    void truncatedBeforeTheHeaderLength() throws Exception {
        Path p = dir.resolve("tiny.safetensors");
        Files.write(p, new byte[] {1, 0, 0});
        expect(MalformedInputException.class, p, "truncated");
    }

    @Test
    void headerLengthPastTheEndOfFile() throws Exception {
        String json = "{" + tensor("w", "F32", "[1]", 0, 4) + "}";
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        expect(ResourceLimitException.class, file("past", h.length + 100, h, 4), "only");
    }

    @Test
    void headerLengthBeyondTheLimit() throws Exception {
        expect(ResourceLimitException.class, file("huge", 1L << 40, "{}".getBytes(StandardCharsets.UTF_8), 0), "beyond the limit");
        expect(ResourceLimitException.class, file("negative", -1L, "{}".getBytes(StandardCharsets.UTF_8), 0), "18446744073709551615");
    }

    @Test
    void truncatedData() throws Exception {
        expect(ResourceLimitException.class, file("short", "{" + tensor("w", "F32", "[4]", 0, 16) + "}", 10), "past the end");
    }

    @Test
    void overlappingTensors() throws Exception {
        String json = "{" + tensor("a", "F32", "[2]", 0, 8) + "," + tensor("b", "F32", "[2]", 4, 12) + "}";
        MalformedInputException e = expect(MalformedInputException.class, file("overlap", json, 12), "overlap");
        assertTrue(e.getMessage().contains("'a'") && e.getMessage().contains("'b'"), e.getMessage());
    }

    @Test
    void emptyTensorInsideAnother() throws Exception {
        String json = "{" + tensor("a", "F32", "[2]", 0, 8) + "," + tensor("z", "F32", "[0]", 4, 4) + "}";
        expect(MalformedInputException.class, file("inside", json, 8), "overlap");
    }

    @Test
    void holeBetweenTensors() throws Exception {
        String json = "{" + tensor("a", "F32", "[1]", 0, 4) + "," + tensor("b", "F32", "[1]", 8, 12) + "}";
        expect(MalformedInputException.class, file("hole", json, 12), "a hole before tensor 'b'");
    }

    @Test
    void unindexedTrailingBytes() throws Exception {
        expect(MalformedInputException.class, file("trailing", "{" + tensor("a", "F32", "[1]", 0, 4) + "}", 9), "after the last tensor");
    }

    @Test
    void offsetsPastTheEnd() throws Exception {
        expect(ResourceLimitException.class, file("pastend", "{" + tensor("a", "U8", "[4]", 4, 8) + "}", 4), "past the end");
        expect(ResourceLimitException.class,
                file("hugeoffset", "{" + tensor("a", "U8", "[1]", 0, 99999999999999999L) + "}", 1), "past the end");
        expect(ResourceLimitException.class,
                file("beyondlong", "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,123456789012345678901234]}}", 1),
                "beyond a 64-bit");
    }

    @Test
    void reversedOffsets() throws Exception {
        expect(MalformedInputException.class, file("reversed", "{" + tensor("a", "U8", "[0]", 4, 0) + "}", 4), "end before");
    }

    @Test
    void unknownDtype() throws Exception {
        MalformedInputException e = expect(MalformedInputException.class,
                file("baddtype", "{" + tensor("a", "X99", "[1]", 0, 4) + "}", 4), "unknown dtype \"X99\"");
        assertTrue(e.getMessage().contains("BF16"), "lists the accepted dtypes: " + e.getMessage());
    }

    @Test
    void validButUnsupportedDtypesAreAllListed() throws Exception {
        String json = "{" + tensor("a", "U32", "[1]", 0, 4) + "," + tensor("b", "F8_E4M3", "[2]", 4, 6) + ","
                + tensor("c", "F32", "[1]", 6, 10) + "}";
        UnsupportedFeatureException e = expect(UnsupportedFeatureException.class, file("unsupported", json, 10), "U32");
        assertEquals(2, e.items().size(), e.items().toString());
    }

    @Test
    void overflowingShape() throws Exception {
        expect(ResourceLimitException.class,
                file("overflow", "{" + tensor("a", "F32", "[4611686018427387904,4611686018427387904]", 0, 4) + "}", 4), "overflows");
        expect(ResourceLimitException.class,
                file("overflowbytes", "{" + tensor("a", "F64", "[4611686018427387904]", 0, 8) + "}", 8), "more bytes");
    }

    @Test
    void spanDisagreesWithShape() throws Exception {
        expect(MalformedInputException.class, file("span", "{" + tensor("a", "F32", "[3]", 0, 8) + "}", 8), "needs 12");
    }

    @Test
    void deeplyNestedJson() throws Exception {
        String deep = "{\"__metadata__\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        expect(ResourceLimitException.class, file("deep", deep, 0), "nesting deeper than 64");
    }

    @Test
    void brokenJson() throws Exception {
        expect(MalformedInputException.class, file("trailingcomma", "{" + tensor("a", "U8", "[1]", 0, 1) + ",}", 1), "invalid JSON");
        expect(MalformedInputException.class, file("unterminated", "{\"a", 0), "unterminated string");
        expect(MalformedInputException.class, file("nan", "{\"a\":{\"dtype\":\"U8\",\"shape\":[NaN],\"data_offsets\":[0,1]}}", 1), "invalid JSON");
        expect(MalformedInputException.class, file("dupkey", "{" + tensor("a", "U8", "[1]", 0, 1) + "," + tensor("a", "U8", "[1]", 1, 2) + "}", 2),
                "duplicate key");
        expect(MalformedInputException.class, file("notobject", "[1,2]", 0), "'{'");
        expect(MalformedInputException.class, file("garbage", "{} x", 0), "end of the JSON");
    }

    @Test
    void invalidUtf8() throws Exception {
        byte[] h = {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'};
        expect(MalformedInputException.class, file("utf8", h.length, h, 0), "UTF-8");
    }

    @Test
    void badEntries() throws Exception {
        expect(MalformedInputException.class, file("notentry", "{\"a\":3}", 0), "expected an object");
        expect(MalformedInputException.class, file("nodtype", "{\"a\":{\"shape\":[1],\"data_offsets\":[0,1]}}", 1), "\"dtype\"");
        expect(MalformedInputException.class, file("negshape", "{" + tensor("a", "U8", "[-1]", 0, 1) + "}", 1), "non-negative");
        expect(MalformedInputException.class, file("floatshape", "{" + tensor("a", "U8", "[1.5]", 0, 1) + "}", 1), "non-negative");
        expect(MalformedInputException.class, file("threeoffsets", "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1,2]}}", 1),
                "hold 2 integers");
        expect(MalformedInputException.class, file("extra", "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1],\"x\":1}}", 1),
                "unexpected key");
        expect(MalformedInputException.class, file("meta", "{\"__metadata__\":{\"k\":1}}", 0), "metadata \"k\"");
        expect(MalformedInputException.class, file("metalist", "{\"__metadata__\":[]}", 0), "strings to strings");
    }

    @Test
    void paddedHeaderAndEmptyFileAreValid() throws Exception {
        try (Model m = format.read(file("padded", "{" + tensor("a", "U8", "[2]", 0, 2) + "}      ", 2), FormatOptions.none())) {
            assertEquals(DType.UINT8, m.graph().initializer("a").dtype());
        }
        try (Model m = format.read(file("empty", "{}", 0), FormatOptions.none())) {
            assertTrue(m.graph().initializers().isEmpty());
        }
    }

    /** Random corruption of a valid file yields only Rosetta's own errors, never a raw JDK exception. */
    @Test
    void corruptedFilesFailOnlyWithTypedErrors() throws Exception {
        Map<String, dev.rosetta.ir.Tensor> tensors = new java.util.LinkedHashMap<>();
        tensors.put("a.weight", SafetensorsRoundTripTest.sample(DType.FLOAT32, new long[] {3, 4}, 1));
        tensors.put("b", SafetensorsRoundTripTest.sample(DType.BFLOAT16, new long[] {5}, 2));
        tensors.put("c", SafetensorsRoundTripTest.sample(DType.INT64, new long[] {2}, 3));
        Path good = dir.resolve("good.safetensors");
        format.write(SafetensorsRoundTripTest.modelOf(tensors, Map.of("k", "v")), good, FormatOptions.none());
        byte[] original = Files.readAllBytes(good);
        Random r = new Random(42);
        Path bad = dir.resolve("bad.safetensors");
        int failures = 0;
        for (int i = 0; i < 1500; i++) {
            byte[] b = original.clone();
            int edits = 1 + r.nextInt(3);
            for (int k = 0; k < edits; k++) {
                int at = r.nextInt(Math.min(b.length, 8 + 260));
                String alphabet = "{}[],:\"0123456789-e. ";
                b[at] = (byte) (r.nextBoolean() ? r.nextInt(256) : alphabet.charAt(r.nextInt(alphabet.length())));
            }
            int len = r.nextInt(8) == 0 ? r.nextInt(b.length + 1) : b.length;
            Files.write(bad, java.util.Arrays.copyOf(b, len));
            try (Model m = format.read(bad, FormatOptions.none())) {
                m.graph().initializers().forEach(v -> v.constant().contentEquals(v.constant()));
            } catch (RosettaException e) {
                failures++;
            }
        }
        assertTrue(failures > 100, "most corruptions are detected: " + failures);
    }
}
