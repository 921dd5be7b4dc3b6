package dev.rosetta.formats.pytorch.pickle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.error.MalformedInputException;
import dev.rosetta.error.ResourceLimitException;
import dev.rosetta.formats.pytorch.testing.PickleBuilder;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The unpickler's value building, limits and error reports, on hand-assembled pickles. */
class SafeUnpicklerTest {
    private static final Path FILE = Path.of("test.pkl");

    static Object load(byte[] b) {
        return new SafeUnpickler(FILE, "pickle", MemorySegment.ofArray(b), GlobalResolver.NOTHING, PersistentLoader.NONE).load();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void buildsPlainValues() {
        PyDict d = (PyDict) load(PickleBuilder.proto(2).emptyDict().mark()
                .str("a").integer(1).str("b").integer(-5).str("big").op(0x8a).op(9).raw(new byte[]{0, 0, 0, 0, 0, 0, 0, 0, 1})
                .str("t").mark().integer(1).str("x").op(0x88).tuple()
                .setItems().stop().bytes());
        assertEquals(1L, d.get("a"));
        assertEquals(-5L, d.get("b"));
        assertEquals(BigInteger.ONE.shiftLeft(64), d.get("big"));
        assertEquals(PyTuple.of(1L, "x", true), d.get("t"));
    }

    @Test
    void protocolZeroTextOpcodes() {
        Object v = load(ascii("(lp0\nI01\naI00\naI42\naL12345678901234567890L\naF1.5\naFinf\naS'it\\'s\\n'\naVcaf\\u00e9\nag0\na."));
        PyList l = (PyList) v;
        assertEquals(List.of(true, false, 42L, new BigInteger("12345678901234567890"), 1.5, Double.POSITIVE_INFINITY,
                "it's\n", "caf\u00e9"), l.items().subList(0, 8));
        assertSame(l, l.get(8), "memo GET returns the same list (a list that contains itself)");
        assertTrue(l.toString().length() < 400, "describing a self-containing list terminates");
    }

    @Test
    void memoSharesValues() {
        PyList l = (PyList) load(PickleBuilder.proto(2).op(']').op('q').op(0).op('h').op(0).op('a').stop().bytes());
        assertSame(l, l.get(0));
    }

    @Test
    void readsConsecutivePickles() {
        byte[] two = PickleBuilder.proto(2).integer(7).stop().op(0x80).op(2).str("x").stop().bytes();
        SafeUnpickler u = new SafeUnpickler(FILE, "p", MemorySegment.ofArray(two), GlobalResolver.NOTHING, PersistentLoader.NONE);
        assertEquals(7L, u.load());
        assertEquals("x", u.load());
        assertEquals(two.length, u.position());
        MalformedInputException e = assertThrows(MalformedInputException.class, u::load);
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void truncatedPickleIsReportedWithItsOffset() {
        byte[] full = PickleBuilder.proto(2).emptyDict().mark().str("weight").integer(3).setItems().stop().bytes();
        for (int cut = 1; cut < full.length; cut++) {
            byte[] part = java.util.Arrays.copyOf(full, cut);
            MalformedInputException e = assertThrows(MalformedInputException.class, () -> load(part), "cut at " + cut);
            assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("claims"), e.getMessage());
            assertTrue(e.getMessage().startsWith("test.pkl: pickle byte "), e.getMessage());
        }
    }

    @Test
    void lengthsBeyondTheDataAreRefusedBeforeAllocating() {
        byte[] hugeStr = PickleBuilder.proto(2).op('X').int32(-16).raw(ascii("abc")).stop().bytes();
        ResourceLimitException e = assertThrows(ResourceLimitException.class, () -> load(hugeStr));
        assertTrue(e.getMessage().contains("claims 4294967280 bytes but only 4 remain"), e.getMessage());
        byte[] hugeBytes8 = PickleBuilder.proto(4).op(0x8e).raw(new byte[]{0, 0, 0, 0, 0, 0, 0, 0x40}).stop().bytes();
        assertThrows(ResourceLimitException.class, () -> load(hugeBytes8));
        byte[] negative = PickleBuilder.proto(4).op(0x8e).raw(new byte[]{0, 0, 0, 0, 0, 0, 0, (byte) 0x80}).stop().bytes();
        assertThrows(ResourceLimitException.class, () -> load(negative));
        byte[] longLine = ascii("I" + "1".repeat(70_000) + "\n.");
        assertThrows(ResourceLimitException.class, () -> load(longLine));
    }

    @Test
    void deepNestingNeitherOverflowsTheStackNorExhaustsMemory() {
        int n = 1_000_000;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[]{(byte) 0x80, 2});
        for (int i = 0; i < n; i++) {
            b.write(']');
        }
        for (int i = 0; i < n - 1; i++) {
            b.write('a');
        }
        b.write('.');
        PyList outer = assertInstanceOf(PyList.class, load(b.toByteArray()));
        assertEquals(1, outer.size());
        assertTrue(outer.toString().length() < 400);

        ByteArrayOutputStream marks = new ByteArrayOutputStream();
        marks.write(0x80);
        marks.write(2);
        for (int i = 0; i < 100_000; i++) {
            marks.write('(');
        }
        ResourceLimitException e = assertThrows(ResourceLimitException.class, () -> load(marks.toByteArray()));
        assertTrue(e.getMessage().contains("MARK"), e.getMessage());

        ByteArrayOutputStream tuples = new ByteArrayOutputStream();
        tuples.writeBytes(new byte[]{(byte) 0x80, 2, 'N'});
        for (int i = 0; i < 100_000; i++) {
            tuples.write(0x85);
        }
        tuples.write('.');
        ResourceLimitException t = assertThrows(ResourceLimitException.class, () -> load(tuples.toByteArray()));
        assertTrue(t.getMessage().contains("tuples nest deeper"), t.getMessage());
    }

    @Test
    void stackAndMemoMisuseAreMalformed() {
        assertThrows(MalformedInputException.class, () -> load(ascii("a")), "APPEND on an empty stack");
        assertThrows(MalformedInputException.class, () -> load(ascii("abc")), "the corpus's broken.pt");
        assertThrows(MalformedInputException.class, () -> load(PickleBuilder.proto(2).op('h').op(3).stop().bytes()));
        assertThrows(MalformedInputException.class, () -> load(PickleBuilder.proto(2).op('1').stop().bytes()));
        assertThrows(MalformedInputException.class, () -> load(PickleBuilder.proto(2).op(0xff).bytes()));
        assertThrows(MalformedInputException.class, () -> load(PickleBuilder.proto(9).stop().bytes()));
        assertThrows(MalformedInputException.class, () -> load(PickleBuilder.proto(5).op(0x97).stop().bytes()));
        assertThrows(MalformedInputException.class, () -> load(PickleBuilder.proto(2).emptyDict().op(']').integer(1).op('s').stop().bytes()),
                "unhashable key");
        assertThrows(MalformedInputException.class, () -> load(ascii(".")), "STOP with an empty stack");
    }

    @Test
    void unknownGlobalsAreRefusedByName() {
        UnsafePickleException e = assertThrows(UnsafePickleException.class,
                () -> load(PickleBuilder.proto(2).global("collections", "OrderedDict").stop().bytes()));
        assertEquals("collections.OrderedDict", e.global(), "GlobalResolver.NOTHING allows nothing");
        assertEquals(2, e.offset());
    }
}
