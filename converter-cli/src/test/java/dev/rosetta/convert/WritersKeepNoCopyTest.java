package dev.rosetta.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.FormatProvider;
import dev.rosetta.formats.FormatRegistry;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every writer streams a re-laid weight (a {@linkplain Tensor#deferred deferred} tensor, as the
 * layout pass leaves them) through a reused buffer and keeps no copy of it: writing a model whose
 * weights were all re-laid must not hold the model in the heap (a ResNet-50 from Keras to PyTorch
 * needed a 192 MB heap before, 64 MB after). The file read back holds the permuted values.
 */
class WritersKeepNoCopyTest {
    private static final int ROWS = 300;
    private static final int COLS = 700;

    @TempDir
    Path dir;

    /** A [COLS, ROWS] float32 weight computed as the transpose of a [ROWS, COLS] matrix m[r][c] = r * COLS + c. */
    private static Tensor relaidWeight() {
        return Tensor.deferred(DType.FLOAT32, new long[] {COLS, ROWS}, ByteOrder.LITTLE_ENDIAN, dst -> {
            for (int c = 0; c < COLS; c++) {
                for (int r = 0; r < ROWS; r++) {
                    dst.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, (long) c * ROWS + r, r * COLS + c);
                }
            }
        });
    }

    private static float[] expected() {
        float[] v = new float[ROWS * COLS];
        for (int c = 0; c < COLS; c++) {
            for (int r = 0; r < ROWS; r++) {
                v[c * ROWS + r] = r * COLS + c;
            }
        }
        return v;
    }

    @ParameterizedTest(name = "{0} {2}")
    @CsvSource({
        "pytorch, w.pt, ''",
        "safetensors, w.safetensors, ''",
        "numpy, w.npz, ''",
        "onnx, w.onnx, ''",
        "onnx, w.onnx, external-data",
        "keras-h5, w.h5, weights-only",
    })
    void writesTheRelaidWeightWithoutKeepingIt(String format, String file, String flag) throws Exception {
        Tensor lazy = relaidWeight();
        Graph g = new Graph("weights");
        g.addInitializer(Value.constant("w", lazy, Layout.UNKNOWN));
        FormatProvider provider = FormatRegistry.load().byName(format);
        FormatOptions options = flag.isEmpty() ? FormatOptions.none() : FormatOptions.none().with(flag, "true");
        Path out = dir.resolve(file);
        try (Model m = new Model(g, "test")) {
            provider.write(m, out, options);
        }
        assertTrue(lazy.isDeferred(), format + " kept a copy of the re-laid weight");
        try (Model back = provider.read(out, FormatOptions.none())) {
            Tensor w = back.graph().initializers().getFirst().constant();
            assertArrayEquals(new long[] {COLS, ROWS}, w.shape());
            assertArrayEquals(expected(), w.toFloatArray());
        }
    }
}
