package dev.rosetta.formats.pytorch.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Tensors as real PyTorch read them, in the {@code .ref} format of {@code torch_oracle.py}. */
public final class Refs {
    /** One reference tensor. */
    public record Ref(String name, String dtype, long[] shape, byte[] littleEndian) {
    }

    private Refs() {
    }

    /** Parses "T" lines; an "E" line (torch refused the file) gives an empty map. */
    public static Map<String, Ref> parse(List<String> lines) {
        Map<String, Ref> out = new LinkedHashMap<>();
        for (String line : lines) {
            String[] f = line.split("\t", -1);
            if (!f[0].equals("T")) {
                continue;
            }
            long[] shape = f[3].isEmpty() ? new long[0] : Arrays.stream(f[3].split(",")).mapToLong(Long::parseLong).toArray();
            out.put(f[1], new Ref(f[1], f[2], shape, HexFormat.of().parseHex(f[4])));
        }
        return out;
    }

    public static Map<String, Ref> read(Path refFile) throws IOException {
        return parse(Files.readAllLines(refFile));
    }

    /** Splits the output of {@code torch_oracle.py dump} by file. */
    public static Map<String, List<String>> splitDump(String dump) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : dump.split("\n")) {
            if (line.startsWith("FILE\t")) {
                current = new ArrayList<>();
                out.put(line.substring(5), current);
            } else if (current != null) {
                current.add(line);
            }
        }
        return out;
    }

    /**
     * Checks every initializer of {@code model} against the reference named {@code keyPrefix.name}
     * (dtype, shape and every byte), and that the model holds all references under the prefix.
     */
    public static void assertModelMatches(Model model, Map<String, Ref> refs, String keyPrefix, String what) {
        String prefix = keyPrefix == null || keyPrefix.isEmpty() ? "" : keyPrefix + ".";
        int expected = 0;
        for (String k : refs.keySet()) {
            if (k.startsWith(prefix) || prefix.isEmpty()) {
                expected++;
            }
        }
        List<Value> inits = model.graph().initializers();
        assertEquals(expected, inits.size(), what + ": tensor count; model has "
                + inits.stream().map(Value::name).toList() + ", torch has " + refs.keySet());
        for (Value v : inits) {
            Ref r = refs.get(prefix + v.name());
            assertNotNull(r, what + ": torch has no tensor '" + prefix + v.name() + "'");
            Tensor t = v.constant();
            assertEquals(r.dtype(), t.dtype().shortName(), what + ": dtype of " + v.name());
            assertArrayEquals(r.shape(), t.shape(), what + ": shape of " + v.name());
            assertArrayEquals(r.littleEndian(), t.toLittleEndianBytes(), what + ": bytes of " + v.name());
        }
    }
}
