package dev.rosetta.formats.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.formats.FormatOptions;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compatibility with files made elsewhere. There is no safetensors Python package here, so the
 * oracle is an independent implementation of the specification in Python with only json + numpy:
 * one script writes a file byte by byte, another reads ours with np.frombuffer at the stated offsets.
 */
class SafetensorsPythonInteropTest {
    private final SafetensorsFormat format = new SafetensorsFormat();

    @TempDir
    Path dir;

    @BeforeEach
    void needPython() {
        Assumptions.assumeTrue(PythonOracle.hasNumpy(), "/usr/bin/python3 with numpy is not available");
    }

    @Test
    void readsAFileWrittenByAnIndependentPythonWriter() throws Exception {
        Path st = dir.resolve("py.safetensors");
        Path expectedJson = dir.resolve("expected.json");
        var r = PythonOracle.run(List.of(PythonOracle.script("make_safetensors.py").toString(), st.toString(),
                expectedJson.toString()));
        assertEquals(0, r.exit(), r.stderr());
        Map<?, ?> expected = (Map<?, ?>) Json.parse(Files.readString(expectedJson));
        Map<?, ?> tensors = (Map<?, ?>) expected.get("tensors");
        try (Model m = format.read(st, FormatOptions.none())) {
            assertEquals(expected.get("metadata"), m.metadata());
            assertEquals(tensors.size(), m.graph().initializers().size());
            for (Map.Entry<?, ?> e : tensors.entrySet()) {
                Value v = m.graph().initializer((String) e.getKey());
                assertTrue(v != null, "tensor " + e.getKey());
                assertMatches((String) e.getKey(), (Map<?, ?>) e.getValue(), v.constant());
            }
        }
    }

    @Test
    void fileWeWriteIsReadByAnIndependentPythonReader() throws Exception {
        Map<String, Tensor> in = new LinkedHashMap<>();
        int seed = 0;
        for (DType t : DType.values()) {
            in.put("m." + t.shortName(), SafetensorsRoundTripTest.sample(t, new long[] {2, 3}, seed++));
            in.put("s." + t.shortName(), SafetensorsRoundTripTest.sample(t, new long[] {}, seed++));
        }
        in.put("be.weight", SafetensorsRoundTripTest.sample(DType.FLOAT32, new long[] {4, 2}, seed++)
                .withByteOrder(ByteOrder.BIG_ENDIAN));
        in.put("empty", SafetensorsRoundTripTest.sample(DType.FLOAT16, new long[] {3, 0}, seed));
        Map<String, String> meta = Map.of("format", "pt", "who", "rosetta \u00e9");
        Path st = dir.resolve("ours.safetensors");
        format.write(SafetensorsRoundTripTest.modelOf(in, meta), st, FormatOptions.none());

        var r = PythonOracle.run(List.of(PythonOracle.script("read_safetensors.py").toString(), st.toString()));
        assertEquals(0, r.exit(), r.stderr());
        Map<?, ?> read = (Map<?, ?>) Json.parse(r.stdout());
        assertEquals(0, ((Json.Num) read.get("header_length")).asNonNegativeLong() % 8);
        assertEquals(meta, read.get("metadata"));
        Map<?, ?> tensors = (Map<?, ?>) read.get("tensors");
        assertEquals(in.keySet(), tensors.keySet());
        for (var e : in.entrySet()) {
            assertMatches(e.getKey(), (Map<?, ?>) tensors.get(e.getKey()), e.getValue());
        }
    }

    /**
     * The acceptance round trip: a real torchvision state dict, written as safetensors by
     * the Python oracle, read and written again by Rosetta, loads into the model with
     * {@code load_state_dict(strict=True)} with every tensor bit-identical.
     */
    @Test
    void torchvisionStateDictRoundTripsBitExactly() throws Exception {
        Assumptions.assumeTrue(PythonOracle.run(List.of("-c", "import torch, torchvision")).exit() == 0,
                "/usr/bin/python3 lacks torch or torchvision");
        String script = PythonOracle.script("torch_roundtrip.py").toString();
        var made = PythonOracle.run(List.of(script, "make", dir.toString()));
        assertEquals(0, made.exit(), made.stderr());
        try (Model m = format.read(dir.resolve("in.safetensors"), FormatOptions.none())) {
            assertEquals(Map.of("format", "pt"), m.metadata());
            format.write(m, dir.resolve("out.safetensors"), FormatOptions.none());
        }
        var checked = PythonOracle.run(List.of(script, "check", dir.toString()));
        assertEquals(0, checked.exit(), checked.stdout() + checked.stderr());
    }

    /** Checks dtype, shape and every value exactly (integers as integers, floats as doubles). */
    private static void assertMatches(String name, Map<?, ?> expected, Tensor actual) {
        assertEquals(expected.get("dtype"), actual.dtype().safetensorsName(), name);
        List<Long> shape = new ArrayList<>();
        for (long d : actual.shape()) {
            shape.add(d);
        }
        List<Long> expectedShape = new ArrayList<>();
        for (Object o : (List<?>) expected.get("shape")) {
            expectedShape.add(Long.parseLong(((Json.Num) o).text()));
        }
        assertEquals(expectedShape, shape, name);
        List<?> values = (List<?>) expected.get("values");
        assertEquals(actual.elementCount(), values.size(), name);
        for (int i = 0; i < values.size(); i++) {
            String text = ((Json.Num) values.get(i)).text();
            if (actual.dtype().isFloatingPoint()) {
                assertEquals(Double.parseDouble(text), actual.getDouble(i), name + "[" + i + "]");
            } else {
                assertEquals(Long.parseLong(text), actual.getLong(i), name + "[" + i + "]");
            }
        }
    }
}
