package dev.rosetta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineExecutionTest {
    private static final ModelSource FILE = ModelSource.file(ModelSource.Kind.ONNX_FILE, Path.of("m.onnx"));
    private final FakeBackend backend = new FakeBackend("fake", Shape.of(1, 2), Layout.UNKNOWN, t -> t);

    @Test
    void namesItsBackendAndDevice() {
        try (Execution e = backend.load(FILE, ExecutionOptions.cpu())) {
            assertEquals("fake", e.backendName());
            assertEquals(Device.CPU, e.device());
        }
    }

    @Test
    void releasesOnceHoweverOftenClosed() {
        Execution e = backend.load(FILE, ExecutionOptions.cpu());
        e.close();
        e.close();
        assertEquals(1, backend.releases);
    }

    @Test
    void refusesToRunOnceClosed() {
        Execution e = backend.load(FILE, ExecutionOptions.cpu());
        Tensor x = Tensor.ofFloats(new long[] {1, 2}, 1, 2);
        assertEquals(1, e.run(Map.of("x", x)).size());
        e.close();
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> e.run(Map.of("x", x)));
        assertTrue(thrown.getMessage().endsWith("is closed"), thrown.getMessage());
        assertEquals(1, backend.seen.size());
    }
}
