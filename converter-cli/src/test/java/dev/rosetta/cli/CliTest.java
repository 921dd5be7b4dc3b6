package dev.rosetta.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command contract: output, JSON schema and exit codes, through {@link Main#run}. */
class CliTest {
    @TempDir
    Path dir;

    /** What one run printed and returned. */
    record Result(int code, String out, String err) {
    }

    static Result rosetta(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** A small float32 .npy written byte by byte per the NumPy format spec. */
    static Path writeNpy(Path file, int elements) throws IOException {
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + elements + ",), }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        StringBuilder h = new StringBuilder(header);
        h.append(" ".repeat(pad)).append('\n');
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(10 + h.length() + 4 * elements)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        buf.put((byte) 0x93).put("NUMPY".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        buf.putShort((short) h.length()).put(h.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        for (int i = 0; i < elements; i++) {
            buf.putFloat(i * 0.5f);
        }
        Files.write(file, buf.array());
        return file;
    }

    @Test
    void versionPrintsTheProjectVersion() {
        Result r = rosetta("--version");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("rosetta 0."), r.out());
    }

    @Test
    void formatsListsNumpy() {
        Result r = rosetta("formats");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("numpy"), r.out());
        assertTrue(r.out().contains(".npy"), r.out());
    }

    @Test
    void inspectJsonListsEveryTensor() throws IOException {
        Path npy = writeNpy(dir.resolve("x.npy"), 6);
        Result r = rosetta("inspect", npy.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals("rosetta.inspect/1", root.get("schema").asText());
        assertEquals("numpy", root.get("format").asText());
        assertEquals(1, root.get("tensors").size());
        JsonNode t = root.get("tensors").get(0);
        assertEquals("float32", t.get("dtype").asText());
        assertEquals(6, t.get("shape").get(0).asInt());
        assertEquals(24, root.get("parameters").get("bytes").asInt());
    }

    @Test
    void missingFileIsAUsageErrorOnOneLine() {
        Result r = rosetta("inspect", dir.resolve("missing-file").toString());
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("no such file"), r.err());
    }

    @Test
    void unknownFormatIsUnsupported() throws IOException {
        Path f = Files.writeString(dir.resolve("notes.txt"), "just some text, not a model");
        Result r = rosetta("inspect", f.toString());
        assertEquals(3, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("not a format Rosetta reads"), r.err());
    }

    @Test
    void truncatedNpyIsMalformedOnOneLine() throws IOException {
        Path npy = writeNpy(dir.resolve("t.npy"), 100);
        byte[] all = Files.readAllBytes(npy);
        Path cut = Files.write(dir.resolve("cut.npy"), java.util.Arrays.copyOf(all, all.length - 17));
        Result r = rosetta("inspect", cut.toString());
        assertEquals(4, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("cut.npy"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void verboseAddsTheStackTrace() throws IOException {
        Path npy = writeNpy(dir.resolve("t.npy"), 10);
        byte[] all = Files.readAllBytes(npy);
        Path cut = Files.write(dir.resolve("cut.npy"), java.util.Arrays.copyOf(all, all.length - 3));
        Result r = rosetta("inspect", cut.toString(), "--verbose");
        assertEquals(4, r.code());
        assertTrue(r.err().contains("\tat "), r.err());
    }

    @Test
    void badOptionIsAUsageError() {
        Result r = rosetta("inspect", "--no-such-option");
        assertEquals(2, r.code());
    }

    @Test
    void convertWritesAtomicallyAndNeverTouchesTheInput() throws IOException {
        Path npy = writeNpy(dir.resolve("in.npy"), 8);
        byte[] before = Files.readAllBytes(npy);
        Path out = dir.resolve("out.npz");
        Result r = rosetta("convert", npy.toString(), "-o", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.size(out) > 0);
        assertEquals(0, rosetta("inspect", out.toString()).code());
        Result same = rosetta("convert", npy.toString(), "-o", npy.toString(), "--to", "numpy");
        assertEquals(2, same.code(), same.err());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(npy)));
    }

    @Test
    void failedConvertLeavesThePreviousOutput() throws IOException {
        Path npy = writeNpy(dir.resolve("in.npy"), 8);
        byte[] all = Files.readAllBytes(npy);
        Path cut = Files.write(dir.resolve("cut.npy"), java.util.Arrays.copyOf(all, all.length - 5));
        Path out = Files.writeString(dir.resolve("out.npz"), "previous");
        Result r = rosetta("convert", cut.toString(), "-o", out.toString());
        assertEquals(4, r.code(), r.err());
        assertEquals("previous", Files.readString(out));
        try (var s = Files.list(dir)) {
            assertEquals(3, s.count());
        }
    }
}
