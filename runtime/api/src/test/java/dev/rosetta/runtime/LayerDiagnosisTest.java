package dev.rosetta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.rosetta.ir.DType;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayerDiagnosisTest {
    private static final Tolerance FP32 = Tolerance.forDType(DType.FLOAT32);

    private static Intermediate v(String name, String node, float... values) {
        return new Intermediate(name, node, "Op", Layout.UNKNOWN, Tensor.ofFloats(new long[] {values.length}, values));
    }

    @Test
    void reportsTheFirstFailureInSourceOrderThroughTheNameMap() {
        List<Intermediate> src = List.of(v("a", "n1", 1, 2), v("b", "n2", 3, 4), v("c", "n3", 5, 6));
        List<Intermediate> conv = List.of(v("C", "m3", 0, 0), v("B", "m2", 3, 5), v("a", "m1", 1, 2));
        LayerDiagnosis.Result r = LayerDiagnosis.diagnose(src, conv, Map.of("b", "B", "c", "C"), FP32, "x", "y");
        assertEquals("n2", r.firstDivergence().node());
        assertEquals("B", r.firstDivergence().convertedOutput());
        assertEquals(1, r.firstDivergence().index());
    }

    @Test
    void skipsValuesWhoseShapesDifferAndTransposesKnownLayouts() {
        Tensor nchw = Tensor.ofFloats(new long[] {1, 2, 1, 2}, 1, 2, 3, 4);
        Tensor nhwc = Tensors.transpose(nchw, new int[] {0, 2, 3, 1});
        List<Intermediate> src = List.of(v("a", "n1", 1, 2), new Intermediate("f", "n2", "Conv", Layout.NCHW, nchw));
        List<Intermediate> conv = List.of(v("a", "m1", 1, 2, 3), new Intermediate("f", "m2", "Conv", Layout.NHWC, nhwc));
        LayerDiagnosis.Result r = LayerDiagnosis.diagnose(src, conv, Map.of(), FP32, "x", "y");
        assertNull(r.firstDivergence());
        assertEquals(1, r.report().skipped());
        assertEquals(2, r.report().matched());
        assertEquals(1, r.report().compared());
    }

    @Test
    void noSharedNamesSaysSo() {
        LayerDiagnosis.Result r = LayerDiagnosis.diagnose(List.of(v("a", "n", 1)), List.of(v("b", "m", 1)), Map.of(),
                FP32, "x", "y");
        assertEquals(0, r.report().matched());
        assertEquals("no intermediate value name is shared by both models; give --name-map", r.report().note());
    }
}
