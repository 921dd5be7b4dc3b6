package dev.rosetta.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.error.UsageException;
import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import dev.rosetta.runtime.report.ReportJson;
import dev.rosetta.runtime.report.ReportTable;
import dev.rosetta.runtime.report.VerificationReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerificationTest {
    private static final ModelSource FILE = ModelSource.file(ModelSource.Kind.ONNX_FILE, Path.of("m.onnx"));
    private static final Shape S = Shape.of(1, 2, 3, 3);

    private static FakeBackend identity(String name) {
        return new FakeBackend(name, S, Layout.NCHW, t -> t);
    }

    @Test
    void equalModelsPass() {
        VerificationReport r = Verification.compare(identity("a"), FILE, identity("b"), FILE).seed(3).run();
        assertTrue(r.passed());
        assertEquals("compare", r.mode());
        assertEquals("random(seed=3)", r.inputs().get(0).source());
        assertEquals(List.of(1L, 2L, 3L, 3L), r.inputs().get(0).shape());
        assertEquals(1e-4, r.tolerance().rtol());
        assertNull(r.firstDivergence());
        assertNull(r.perLayer());
        assertNotNull(r.timingsMs().runConverted());
        assertTrue(ReportTable.render(r).startsWith("PASSED"));
    }

    @Test
    void bothSidesGetTheSameSeededInputs() {
        FakeBackend a = identity("a");
        FakeBackend b = identity("b");
        Verification.compare(a, FILE, b, FILE).seed(11).run();
        Verification.compare(a, FILE, b, FILE).seed(11).run();
        assertTrue(a.seen.get(0).get("x").contentEquals(b.seen.get(0).get("x")));
        assertTrue(a.seen.get(0).get("x").contentEquals(a.seen.get(1).get("x")));
    }

    @Test
    void aScaledOutputFailsAndToleranceOverridesAreHonoured() {
        FakeBackend off = new FakeBackend("off", S, Layout.NCHW, t -> FakeBackend.scale(t, 1.001));
        VerificationReport r = Verification.compare(identity("a"), FILE, off, FILE).run();
        assertFalse(r.passed());
        assertTrue(r.outputs().get(0).mismatches() > 0);
        VerificationReport loose = Verification.compare(identity("a"), FILE, off, FILE).tolerance(1e-2, null).run();
        assertTrue(loose.passed());
        assertTrue(loose.tolerance().overridden());
    }

    @Test
    void perLayerNamesTheFirstDivergingNode() {
        FakeBackend off = new FakeBackend("off", S, Layout.NCHW, t -> FakeBackend.scale(t, 2));
        VerificationReport r = Verification.compare(identity("a"), FILE, off, FILE).perLayer(true).run();
        assertFalse(r.passed());
        assertEquals("second", r.firstDivergence().node());
        assertEquals("Fake", r.firstDivergence().op());
        assertEquals(1, r.firstDivergence().index());
        assertTrue(r.perLayer().available());
        assertTrue(ReportTable.render(r).contains("first divergence: node 'second' (Fake)"));
    }

    @Test
    void nhwcConvertedModelGetsTransposedInputsAndOutputs() {
        Shape nhwc = Shape.of(1, 3, 3, 2);
        FakeBackend conv = new FakeBackend("nhwc", nhwc, Layout.NHWC, t -> t);
        VerificationReport r = Verification.compare(identity("a"), FILE, conv, FILE).run();
        assertTrue(r.passed());
        assertEquals("NCHW -> NHWC, perm [0, 2, 3, 1]", r.inputs().get(0).layoutConversion());
        assertEquals("NHWC -> NCHW, perm [0, 3, 1, 2]", r.outputs().get(0).layoutConversion());
        assertArrayEquals(new long[] {1, 3, 3, 2}, conv.seen.get(0).get("x").shape());
    }

    @Test
    void dynamicDimensionsComeFromShapeBatchOrTheOtherSide() {
        Shape dyn = new Shape(List.of(Dim.symbol("N"), Dim.of(2), Dim.symbol("H"), Dim.symbol("W")));
        FakeBackend d = new FakeBackend("d", dyn, Layout.NCHW, t -> t);
        UsageException e = assertThrows(UsageException.class,
                () -> Verification.compare(d, FILE, d, FILE).batch(4).run());
        assertTrue(e.getMessage().contains("--shape"), e.getMessage());
        // the converted side declares 1x2x3x3: H and W come from it
        VerificationReport r = Verification.compare(d, FILE, identity("b"), FILE).run();
        assertEquals(List.of(1L, 2L, 3L, 3L), r.inputs().get(0).shape());
        VerificationReport both = Verification.compare(d, FILE, d, FILE).shape("x", new long[] {2, 2, 5, 5}).run();
        assertEquals(List.of(2L, 2L, 5L, 5L), both.inputs().get(0).shape());
        VerificationReport batched = Verification.compare(d, FILE, d, FILE).batch(3)
                .shape("x", new long[] {3, 2, 4, 4}).run();
        assertEquals(3L, batched.inputs().get(0).shape().get(0));
    }

    @Test
    void aShapeThatContradictsAFixedDimensionIsAUsageError() {
        Shape fixed = new Shape(List.of(Dim.symbol("N"), Dim.of(2), Dim.of(3), Dim.of(3)));
        FakeBackend d = new FakeBackend("d", fixed, Layout.NCHW, t -> t);
        UsageException e = assertThrows(UsageException.class,
                () -> Verification.compare(d, FILE, d, FILE).shape("x", new long[] {1, 2, 5, 5}).run());
        assertTrue(e.getMessage().contains("gives 5 at axis 2") && e.getMessage().contains("fixed at 3"), e.getMessage());
        VerificationReport ok = Verification.compare(d, FILE, d, FILE).shape("x", new long[] {4, 2, 3, 3}).run();
        assertEquals(List.of(4L, 2L, 3L, 3L), ok.inputs().get(0).shape());
    }

    @Test
    void givenInputsAreCheckedAndNamed() {
        Tensor x = Tensor.ofFloats(new long[] {1, 2, 3, 3}, new float[18]);
        VerificationReport r = Verification.compare(identity("a"), FILE, identity("b"), FILE)
                .input(new NamedTensor(null, x, "x.npy")).run();
        assertEquals("file:x.npy", r.inputs().get(0).source());
        assertThrows(UsageException.class, () -> Verification.compare(identity("a"), FILE, identity("b"), FILE)
                .input(new NamedTensor("nope", x, "x.npy")).run());
        Tensor wrong = Tensor.ofFloats(new long[] {1, 2, 3, 4}, new float[24]);
        UsageException e = assertThrows(UsageException.class, () -> Verification.compare(identity("a"), FILE,
                identity("b"), FILE).input(new NamedTensor("x", wrong, "w.npy")).run());
        assertTrue(e.getMessage().contains("shape"), e.getMessage());
    }

    @Test
    void goldenModeComparesWithStoredOutputs() {
        Tensor x = Tensor.ofFloats(new long[] {1, 2, 3, 3}, new float[18]);
        FakeBackend twice = new FakeBackend("t", S, Layout.NCHW, t -> FakeBackend.scale(FakeBackend.plusOne(t), 2));
        Tensor twos = FakeBackend.scale(FakeBackend.plusOne(x), 2);
        VerificationReport ok = Verification.golden(twice, FILE, List.of(new NamedTensor(null, twos, "y.npy")))
                .input(new NamedTensor("x", x, "x.npy")).run();
        assertTrue(ok.passed());
        assertEquals("golden", ok.mode());
        assertNull(ok.backends().converted());
        VerificationReport bad = Verification.golden(twice, FILE, List.of(new NamedTensor("y", x, "y.npy")))
                .input(new NamedTensor("x", x, "x.npy")).run();
        assertFalse(bad.passed());
    }

    @Test
    void gpuOnABackendWithoutOneIsUnsupported() {
        assertThrows(UnsupportedFeatureException.class, () -> Verification.compare(identity("a"), FILE, identity("b"),
                FILE).device(Device.gpu(0)).run());
    }

    @Test
    void reportJsonUsesSnakeCaseAndRoundTrips() throws Exception {
        VerificationReport r = Verification.compare(identity("a"), FILE, identity("b"), FILE).perLayer(true).run();
        String json = ReportJson.toJson(r);
        for (String field : List.of("\"passed\"", "\"outputs\"", "\"max_abs\"", "\"max_rel\"", "\"mean_abs\"",
                "\"rmse\"", "\"cosine\"", "\"top1_agreement\"", "\"top5_agreement\"", "\"tolerance\"", "\"backends\"",
                "\"device\"", "\"inputs\"", "\"first_divergence\" : null", "\"timings_ms\"", "\"load_source\"",
                "\"layout_conversion\"", "\"per_layer\"")) {
            assertTrue(json.contains(field), field + " in " + json);
        }
        assertFalse(json.contains("NaN"));
        VerificationReport back = ReportJson.fromJson(json);
        assertEquals(r, back);
    }

    @Test
    void backendRegistryPicksNativeEngines() {
        BackendRegistry reg = new BackendRegistry(List.of(identity("onnxruntime")));
        assertEquals("onnxruntime", reg.defaultFor(FILE).name());
        assertThrows(UsageException.class, () -> reg.byName("nope"));
        assertThrows(UnsupportedFeatureException.class,
                () -> reg.defaultFor(ModelSource.file(ModelSource.Kind.TORCHSCRIPT_FILE, Path.of("m.pt"))));
        assertEquals(Map.of(), Map.of());
    }
}
