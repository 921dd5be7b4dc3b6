package dev.rosetta.formats.numpy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.error.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderDictParserTest {
    private static final Origin ORIGIN = Origin.of(Path.of("t.npy"));

    private static Map<String, HeaderDictParser.Item> parse(String text) {
        return HeaderDictParser.parse(text.getBytes(StandardCharsets.UTF_8), 10, ORIGIN, StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }                \n",
        "{\"descr\":\"<f4\",\"fortran_order\":False,\"shape\":(2,3)}",
        "  {'shape': (2L, 3L), 'fortran_order': False, 'descr': '<f4'}\n",
        "{'descr': '<f4',\n 'fortran_order': False,\t'shape': ( 2 , 3 , ) ,}\r\n",
    })
    void acceptsWhatNumpyAndFriendsWrite(String text) {
        Map<String, HeaderDictParser.Item> d = parse(text);
        assertEquals("<f4", d.get("descr").value());
        assertEquals(Boolean.FALSE, d.get("fortran_order").value());
        assertArrayEquals(new long[] {2, 3}, (long[]) d.get("shape").value());
    }

    @Test
    void emptyAndOneTuples() {
        assertArrayEquals(new long[0], (long[]) parse("{'shape': ()}").get("shape").value());
        assertArrayEquals(new long[] {7}, (long[]) parse("{'shape': (7,)}").get("shape").value());
    }

    @Test
    void escapesInStrings() {
        assertEquals("a'b\\c", parse("{'k': 'a\\'b\\\\c'}").get("k").value());
    }

    @Test
    void offsetsCountFromTheStreamStart() {
        Map<String, HeaderDictParser.Item> d = parse("{'shape': (1,)}");
        assertEquals(10 + 10, d.get("shape").offset());
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> parse("{'a': ?}"));
        assertEquals("byte 16", e.place());
        assertTrue(e.getMessage().startsWith("t.npy: byte 16: expected "), e.getMessage());
    }
}
