package dev.rosetta.formats.numpy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.ResourceLimitException;
import dev.rosetta.error.RosettaException;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

/** Each broken input gets its own typed error that names the file and the place. */
class HostileInputTest {
    @TempDir
    Path dir;

    private final byte[] good = Fixtures.npy("<f4", false, "(2, 3)",
            Fixtures.data(DType.FLOAT32, ByteOrder.LITTLE_ENDIAN, false, 2, 3));

    private <T extends RosettaException> T fails(Class<T> type, byte[] content, String... fragments) {
        Path file = Fixtures.write(dir.resolve("hostile.npy"), content);
        return fails(type, file, () -> NumpyFiles.read(file).close(), fragments);
    }

    private <T extends RosettaException> T fails(Class<T> type, Path file, Executable action, String... fragments) {
        RosettaException e = assertThrows(RosettaException.class, action);
        assertEquals(type, e.getClass(), () -> "expected " + type.getSimpleName() + ", got " + e);
        assertTrue(e.getMessage().contains(file.toString()), () -> "message names the file: " + e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message contains '" + f + "': " + e.getMessage());
        }
        return type.cast(e);
    }

    @Test
    void truncatedPreamble() {
        fails(MalformedInputException.class, Arrays.copyOf(good, 7), "byte 7", "truncated header");
        fails(MalformedInputException.class, Arrays.copyOf(good, 3), "truncated header");
    }

    @Test
    void truncatedHeaderDict() {
        fails(MalformedInputException.class, Arrays.copyOf(good, 40), "header length", "runs past the end");
    }

    @Test
    void truncatedData() {
        byte[] cut = Arrays.copyOf(good, good.length - 5);
        MalformedInputException e = fails(MalformedInputException.class, cut, "truncated data", "needs 24 bytes",
                "only 19 exist");
        assertTrue(e.place().startsWith("byte "), e.place());
    }

    @Test
    void badMagic() {
        byte[] bad = good.clone();
        bad[1] = 'X';
        fails(MalformedInputException.class, bad, "byte 0", "expected the .npy magic", "9358554d5059");
        fails(MalformedInputException.class, "hello world".getBytes(), "expected the .npy magic \\x93NUMPY or a zip");
        fails(MalformedInputException.class, new byte[0], "an empty file");
    }

    @Test
    void headerLengthPastEndOfFile() {
        byte[] bad = good.clone();
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putShort(8, (short) 5000);
        fails(MalformedInputException.class, bad, "byte 8", "header length 5000 runs past the end");
    }

    @Test
    void hugeClaimedHeaderIsRefusedBeforeAllocating() {
        byte[] v2 = Fixtures.npy(2, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", new byte[4]);
        ByteBuffer.wrap(v2).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 0xfffffff0);
        fails(ResourceLimitException.class, v2, "header length 4294967280 exceeds the limit");
    }

    @Test
    void overflowingShape() {
        fails(ResourceLimitException.class, Fixtures.npy("<f4", false, "(4294967296, 4294967296)", new byte[0]),
                "holds more than 2^63-1 elements");
        fails(ResourceLimitException.class, Fixtures.npy("<f8", false, "(4611686018427387904,)", new byte[0]),
                "needs more than 2^63-1 bytes");
        fails(ResourceLimitException.class, Fixtures.npy("<f4", false, "(99999999999999999999,)", new byte[0]),
                "does not fit a 64-bit integer");
        String tooManyDims = "(" + "1, ".repeat(65) + ")";
        fails(ResourceLimitException.class, Fixtures.npy("<f4", false, tooManyDims, new byte[4]), "more than 64 dimensions");
    }

    @Test
    void shapeLargerThanTheFileIsTruncatedData() {
        fails(MalformedInputException.class, Fixtures.npy("<f4", false, "(1000000000000,)", new byte[4]),
                "needs 4000000000000 bytes");
    }

    @Test
    void unknownDescr() {
        fails(UnsupportedFeatureException.class, Fixtures.npy("<c8", false, "(1,)", new byte[8]),
                "dtype descr '<c8' is not supported", "'<f4'");
        fails(UnsupportedFeatureException.class, Fixtures.npy("|O", false, "(1,)", new byte[8]), "'|O'");
        fails(UnsupportedFeatureException.class, Fixtures.npy("<V2", false, "(1,)", new byte[2]), "'<V2'");
        fails(UnsupportedFeatureException.class,
                Fixtures.npy(1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", new byte[4]),
                "structured");
    }

    @Test
    void unsupportedFormatVersion() {
        byte[] v4 = good.clone();
        v4[6] = 4;
        fails(UnsupportedFeatureException.class, v4, "format version 4.0");
    }

    @Test
    void malformedHeaderDicts() {
        String[][] cases = {
            {"{'descr': '<f4', 'fortran_order': False}", "expected key 'shape'"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'extra': 1}", "a string, True, False or a tuple"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'extra': 'x'}", "unexpected key 'extra'"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (2)}", "found a parenthesized integer"},
            {"{'descr': '<f4', 'fortran_order': 0, 'shape': (2,)}", "a string, True, False or a tuple"},
            {"{'descr': '<f4', 'fortran_order': 'no', 'shape': (2,)}", "expected True or False as the value of 'fortran_order'"},
            {"{'descr': '<f4', 'fortran_order': Falsey, 'shape': (2,)}", "expected True or False"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (-2,)}", "a non-negative integer"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (2,)} x", "only whitespace padding"},
            {"{'descr': '<f4, 'fortran_order': False, 'shape': (2,)}", "expected ',' or '}'"},
            {"{'descr': '<f4', 'descr': '<f4', 'shape': (2,)}", "duplicate key 'descr'"},
            {"['descr']", "expected '{'"},
            {"{'descr': '<f4', 'fortran_order': False, 'shape': (2,)", "found the end of the header"},
            {"{'descr': '<f4", "expected a printable character inside a string"},
            {"{descr: '<f4'}", "a quoted key"},
            {"{'descr': __import__('os'), 'fortran_order': False, 'shape': (2,)}", "a string, True, False or a tuple"},
        };
        for (String[] c : cases) {
            MalformedInputException e = fails(MalformedInputException.class, Fixtures.npy(1, c[0], new byte[8]), c[1]);
            assertTrue(e.place().startsWith("byte "), "the place is a byte offset: " + e.place());
        }
    }

    @Test
    void errorsInsideNpzNameTheEntry() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("ok.npy", good);
        entries.put("bad.npy", Arrays.copyOf(good, good.length - 4));
        Path file = Fixtures.write(dir.resolve("e.npz"), ZipFixtures.deflatedZip(entries));
        fails(MalformedInputException.class, file, () -> NumpyFiles.read(file), "entry 'bad.npy', byte", "truncated data");
    }

    @Test
    void npzWithForeignEntriesListsThemAll() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("a.npy", good);
        entries.put("notes.txt", new byte[3]);
        entries.put("data.pkl", new byte[3]);
        Path file = Fixtures.write(dir.resolve("f.npz"), ZipFixtures.deflatedZip(entries));
        UnsupportedFeatureException e = fails(UnsupportedFeatureException.class, file, () -> NumpyFiles.read(file),
                "notes.txt", "data.pkl");
        assertEquals(2, e.items().size());
    }

    @Test
    void truncatedZip() throws IOException {
        byte[] zip = ZipFixtures.deflatedZip(Map.of("a.npy", good));
        Path cut = Fixtures.write(dir.resolve("cut.npz"), Arrays.copyOf(zip, zip.length - 10));
        fails(MalformedInputException.class, cut, () -> NumpyFiles.read(cut), "end-of-central-directory");
        Path tiny = Fixtures.write(dir.resolve("tiny.npz"), new byte[] {'P', 'K', 3, 4, 0});
        fails(MalformedInputException.class, tiny, () -> NumpyFiles.read(tiny), "at least 22 bytes");
    }

    /** A one-entry deflated .npz of {@link #good} whose central-directory field at {@code field} is {@code value}. */
    private Path patchedNpz(String name, int field, java.util.function.IntUnaryOperator value) throws IOException {
        byte[] zip = ZipFixtures.deflatedZip(Map.of("a.npy", good));
        int at = ZipFixtures.centralDirectory(zip) + field;
        ZipFixtures.putInt(zip, at, value.applyAsInt(ZipFixtures.getInt(zip, at)));
        return Fixtures.write(dir.resolve(name), zip);
    }

    private void npzFails(Class<? extends RosettaException> type, Path file, String fragment) {
        fails(type, file, () -> NumpyFiles.read(file), fragment);
    }

    @Test
    void centralDirectoryPointingNowhere() throws IOException {
        npzFails(MalformedInputException.class, patchedNpz("lh.npz", 42, v -> 7), "expected the local header of entry 'a.npy'");
    }

    @Test
    void deflatedSizeLies() throws IOException {
        npzFails(MalformedInputException.class, patchedNpz("big.npz", 24, v -> v + 10), "deflate stream ends after");
        npzFails(MalformedInputException.class, patchedNpz("small.npz", 24, v -> v - 10), "inflates to more than");
        npzFails(MalformedInputException.class, patchedNpz("crc.npz", 16, v -> v ^ 1), "CRC-32");
    }

    @Test
    void zipBombClaimsAreRefusedBeforeInflating() throws IOException {
        npzFails(ResourceLimitException.class, patchedNpz("bomb.npz", 24, v -> 0x7fffffff), "more than deflate can produce");
    }

    @Test
    void corruptDeflateStream() throws IOException {
        byte[] zip = ZipFixtures.deflatedZip(Map.of("a.npy", good));
        int data = 30 + "a.npy".length();
        for (int i = 0; i < 6; i++) {
            zip[data + i] = (byte) 0xff;
        }
        Path file = Fixtures.write(dir.resolve("corrupt.npz"), zip);
        fails(MalformedInputException.class, file, () -> NumpyFiles.read(file), "entry 'a.npy'", "deflate");
    }

    @Test
    void inflatedTotalRespectsTheLimitOption() throws IOException {
        Map<String, Tensor> arrays = Map.of("x", Fixtures.sample(DType.FLOAT64, 100));
        Path file = dir.resolve("limit.npz");
        ZipFixtures.writeDeflated(file, arrays);
        FormatOptions small = FormatOptions.none().with(NpyFormat.MAX_INFLATED_OPTION, "100");
        fails(ResourceLimitException.class, file, () -> new NpyFormat().read(file, small).close(),
                "limit of 100 bytes");
    }

    @Test
    void storedEntryWithDifferentSizes() throws IOException {
        Path file = dir.resolve("s.npz");
        NumpyFiles.writeNpz(file, Map.of("a", Fixtures.sample(DType.INT8, 4)));
        byte[] zip = java.nio.file.Files.readAllBytes(file);
        int cd = ZipFixtures.centralDirectory(zip);
        ZipFixtures.putInt(zip, cd + 24, ZipFixtures.getInt(zip, cd + 24) + 1);
        Fixtures.write(file, zip);
        fails(MalformedInputException.class, file, () -> NumpyFiles.read(file), "stored entry declares");
    }

    @Test
    void missingFileIsAnIoError() {
        Path missing = dir.resolve("missing.npy");
        fails(dev.rosetta.error.RosettaIOException.class, missing, () -> NumpyFiles.read(missing));
    }
}
