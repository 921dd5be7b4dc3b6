package dev.rosetta.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.ir.DType;
import dev.rosetta.ir.Tensor;
import org.junit.jupiter.api.Test;

class ComparatorTest {
    private static final Tolerance FP32 = Tolerance.forDType(DType.FLOAT32);

    private static Tensor vec(float... v) {
        return Tensor.ofFloats(new long[] {v.length}, v);
    }

    @Test
    void identicalTensorsPassWithZeroMetrics() {
        Metrics m = Comparator.compare(vec(1, -2, 3), vec(1, -2, 3), FP32);
        assertTrue(m.passed());
        assertEquals(0, m.maxAbs());
        assertEquals(0, m.rmse());
        assertEquals(1.0, m.cosine(), 1e-12);
        assertEquals(3, m.elements());
        assertNull(m.reason());
    }

    @Test
    void nanNeverPassesNotEvenAgainstNan() {
        Metrics both = Comparator.compare(vec(Float.NaN, 1), vec(Float.NaN, 1), FP32);
        assertFalse(both.passed());
        assertEquals(1, both.mismatches());
        assertEquals(1, both.nonFinite());
        assertEquals(0, both.firstMismatch());
        assertFalse(Comparator.compare(vec(Float.NaN), vec(0), FP32).passed());
        assertFalse(Comparator.compare(vec(0), vec(Float.NaN), FP32).passed());
        assertFalse(FP32.accepts(Double.NaN, Double.NaN));
    }

    @Test
    void equalInfinitiesPassOppositeOnesFail() {
        assertTrue(Comparator.compare(vec(Float.POSITIVE_INFINITY), vec(Float.POSITIVE_INFINITY), FP32).passed());
        assertFalse(Comparator.compare(vec(Float.NEGATIVE_INFINITY), vec(Float.POSITIVE_INFINITY), FP32).passed());
        assertFalse(Comparator.compare(vec(1e30f), vec(Float.POSITIVE_INFINITY), FP32).passed());
    }

    @Test
    void toleranceEdgeIsInclusive() {
        Tolerance t = new Tolerance(0.5, 0.25, DType.FLOAT64, false);
        // |a - e| <= 0.25 + 0.5 * |e|; e = 2 allows 1.25 exactly (representable).
        assertTrue(t.accepts(3.25, 2));
        assertTrue(t.accepts(0.75, 2));
        assertFalse(t.accepts(3.25 + 1e-9, 2));
        assertFalse(t.accepts(0.75 - 1e-9, 2));
        // the relative part scales with the expected (source) value, not the actual one
        assertFalse(t.accepts(2, 1));
        assertTrue(t.accepts(1, 2));
    }

    @Test
    void atolAloneJudgesValuesNearZero() {
        Metrics m = Comparator.compare(vec(0.00009f, -0.0002f), vec(0, 0), FP32);
        assertFalse(m.passed());
        assertEquals(1, m.mismatches());
        assertEquals(1, m.firstMismatch());
        assertEquals(0, m.maxRel(), "relative error skips zero expected values");
    }

    @Test
    void metricsAreComputedInDoublePrecision() {
        Metrics m = Comparator.compare(vec(1, 2, 4), vec(1, 2, 3), FP32);
        assertEquals(1.0, m.maxAbs(), 1e-12);
        assertEquals(1.0 / 3, m.maxRel(), 1e-12);
        assertEquals(1.0 / 3, m.meanAbs(), 1e-12);
        assertEquals(Math.sqrt(1.0 / 3), m.rmse(), 1e-12);
        assertEquals((1 + 4 + 12) / (Math.sqrt(21) * Math.sqrt(14)), m.cosine(), 1e-12);
        assertEquals(2, m.worst());
    }

    @Test
    void valuesAreNeverSorted() {
        Metrics m = Comparator.compare(vec(3, 2, 1), vec(1, 2, 3), FP32);
        assertFalse(m.passed());
        assertEquals(2, m.mismatches());
    }

    @Test
    void shapeMismatchFailsBeforeElements() {
        Tensor a = Tensor.ofFloats(new long[] {2, 3}, 1, 2, 3, 4, 5, 6);
        Tensor e = Tensor.ofFloats(new long[] {3, 2}, 1, 2, 3, 4, 5, 6);
        Metrics m = Comparator.compare(a, e, FP32);
        assertFalse(m.passed());
        assertTrue(m.reason().contains("shape [2, 3] (converted) vs [3, 2] (source)"), m.reason());
        assertEquals(0, m.elements());
    }

    @Test
    void dtypeMismatchFails() {
        Metrics m = Comparator.compare(Tensor.ofDoubles(new long[] {1}, 1), vec(1), FP32);
        assertFalse(m.passed());
        assertTrue(m.reason().contains("dtype float64 (converted) vs float32 (source)"), m.reason());
    }

    @Test
    void topKAgreementPerRowForClassifierOutputs() {
        long[] shape = {3, 6};
        Tensor expected = Tensor.ofFloats(shape,
                0, 1, 2, 3, 4, 5,
                5, 4, 3, 2, 1, 0,
                9, 1, 1, 1, 1, 1);
        Tensor actual = Tensor.ofFloats(shape,
                0, 1, 2, 3, 4, 5, // same order
                4, 5, 3, 2, 1, 0, // top-1 swapped, top-5 set equal
                1, 1, 1, 1, 1, 9); // top-1 moved to the excluded class
        Metrics m = Comparator.compare(actual, expected, FP32);
        assertEquals(1.0 / 3, m.top1(), 1e-12);
        assertEquals(2.0 / 3, m.top5(), 1e-12);
        assertFalse(m.passed());
    }

    @Test
    void topKOnlyForRankTwoWithTwoOrMoreClasses() {
        assertNull(Comparator.compare(vec(1, 2), vec(1, 2), FP32).top1());
        Tensor col = Tensor.ofFloats(new long[] {2, 1}, 1, 2);
        assertNull(Comparator.compare(col, col, FP32).top1());
        Tensor two = Tensor.ofFloats(new long[] {1, 2}, 1, 2);
        assertEquals(1.0, Comparator.compare(two, two, FP32).top5());
    }

    @Test
    void topKTiesGoToTheLowerIndex() {
        assertEquals(0, Comparator.topK(new double[] {1, 1, 0}, 1)[0]);
        assertEquals(1, Comparator.topK(new double[] {Double.NaN, 1, 0}, 1)[0]);
    }

    @Test
    void integerOutputsAreExact() {
        Tolerance t = Tolerance.forDType(DType.INT64);
        assertTrue(Comparator.compare(Tensor.ofLongs(new long[] {2}, 1, 2), Tensor.ofLongs(new long[] {2}, 1, 2), t).passed());
        assertFalse(Comparator.compare(Tensor.ofLongs(new long[] {2}, 1, 3), Tensor.ofLongs(new long[] {2}, 1, 2), t).passed());
    }

    @Test
    void emptyTensorsPass() {
        Tensor e = Tensor.ofFloats(new long[] {0, 3});
        assertTrue(Comparator.compare(e, e, FP32).passed());
    }
}
