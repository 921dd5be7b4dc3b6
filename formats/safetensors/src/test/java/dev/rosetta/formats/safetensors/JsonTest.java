package dev.rosetta.formats.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void parsesEveryKindOfValue() throws Exception {
        Object v = Json.parse(" {\"a\":[1,-2.5e3,true,false,null],\"b\":{\"c\":\"x\\u00e9\\n\\\"\\/\"},\"d\":[]} ");
        Map<?, ?> m = (Map<?, ?>) v;
        List<?> a = (List<?>) m.get("a");
        assertEquals(new Json.Num("1"), a.get(0));
        assertEquals(new Json.Num("-2.5e3"), a.get(1));
        assertEquals(Boolean.TRUE, a.get(2));
        assertSame(Json.NULL, a.get(4));
        assertEquals("x\u00e9\n\"/", ((Map<?, ?>) m.get("b")).get("c"));
        assertEquals(List.of("a", "b", "d"), List.copyOf(m.keySet()));
    }

    @Test
    void rejectsWhatRfc8259Rejects() {
        for (String bad : List.of("", "{", "[1,]", "{\"a\":1,}", "01", "1.", "-", "'a'", "[1 2]", "{\"a\" 1}",
                "\"\u0001\"", "\"\\x\"", "tru", "NaN", "[1]]", "{\"a\":1,\"a\":2}")) {
            assertThrows(Json.ParseException.class, () -> Json.parse(bad), bad);
        }
    }

    @Test
    void depthIsBounded() throws Exception {
        Json.parse("[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH));
        Json.ParseException e = assertThrows(Json.ParseException.class,
                () -> Json.parse("[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1)));
        assertTrue(e.isLimit());
    }

    @Test
    void integersConvertOnlyWhenExact() {
        assertEquals(9223372036854775807L, new Json.Num("9223372036854775807").asNonNegativeLong());
        assertEquals(-1, new Json.Num("9223372036854775808").asNonNegativeLong());
        assertEquals(-1, new Json.Num("1e3").asNonNegativeLong());
        assertEquals(-1, new Json.Num("-1").asNonNegativeLong());
    }

    @Test
    void writtenStringsParseBack() throws Exception {
        String s = "q\"b\\s\n\r\t\u0001\u001f \u00e9\u4e2d";
        StringBuilder sb = new StringBuilder();
        Json.appendString(sb, s);
        assertEquals(s, Json.parse(sb.toString()));
    }
}
