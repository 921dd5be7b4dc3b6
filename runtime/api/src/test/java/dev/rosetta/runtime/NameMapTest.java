package dev.rosetta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.rosetta.error.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NameMapTest {
    @TempDir
    Path dir;

    private Map<String, String> read(String json) throws Exception {
        Path p = dir.resolve("m.json");
        Files.writeString(p, json);
        return NameMap.read(p);
    }

    @Test
    void readsEveryAcceptedShape() throws Exception {
        Map<String, String> want = Map.of("a", "A", "b", "B");
        assertEquals(want, read("{\"a\": \"A\", \"b\": \"B\"}"));
        assertEquals(want, read("[{\"source\": \"a\", \"target\": \"A\"}, {\"from\": \"b\", \"to\": \"B\"}]"));
        assertEquals(want, read("{\"entries\": [{\"src\": \"a\", \"dst\": \"A\", \"permutation\": [0, 2, 3, 1]},"
                + " {\"source\": \"b\", \"target\": \"B\"}]}"));
        assertEquals(want, read("{\"map\": {\"a\": \"A\", \"b\": {\"target\": \"B\", \"perm\": [1, 0]}}}"));
    }

    @Test
    void rejectsOtherShapesNamingTheFile() {
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> read("{\"a\": 3}"));
        assertEquals(dir.resolve("m.json"), e.file());
        assertThrows(MalformedInputException.class, () -> read("[{\"source\": \"a\"}]"));
        assertThrows(MalformedInputException.class, () -> read("{not json"));
        assertThrows(MalformedInputException.class, () -> read("42"));
    }
}
