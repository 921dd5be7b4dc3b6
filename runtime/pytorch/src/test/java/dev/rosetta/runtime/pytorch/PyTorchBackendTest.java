package dev.rosetta.runtime.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.error.UsageException;
import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import dev.rosetta.runtime.Comparator;
import dev.rosetta.runtime.Device;
import dev.rosetta.runtime.Execution;
import dev.rosetta.runtime.ExecutionOptions;
import dev.rosetta.runtime.Intermediate;
import dev.rosetta.runtime.Metrics;
import dev.rosetta.runtime.ModelSource;
import dev.rosetta.runtime.Tensors;
import dev.rosetta.runtime.Tolerance;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PyTorchBackendTest {
    private final PyTorchBackend backend = new PyTorchBackend();

    private static Model cnn(boolean nhwc) {
        OpCase c = OpCase.of("cnn").input("x", 1, 3, 8, 8).weight("w", 4, 3, 3, 3)
                .weight("b", 4).weight("s", 4).weight("bb", 4).weight("m", 4).weightRange("v", 0.5, 2, 4)
                .node("Conv", List.of("x", "w", "b"), "c", "pads", new long[] {1, 1, 1, 1})
                .node("BatchNormalization", List.of("c", "s", "bb", "m", "v"), "n")
                .node("Relu", List.of("n"), "r")
                .node("MaxPool", List.of("r"), "p", "kernel_shape", new long[] {2, 2}, "strides", new long[] {2, 2})
                .node("GlobalAveragePool", List.of("p"), "g")
                .output("p", "g");
        Model m = c.toIr();
        if (nhwc) {
            Graph g = m.graph();
            Value x = g.inputs().get(0);
            x.setShape(Shape.of(1, 8, 8, 3));
            x.setLayout(Layout.NHWC);
            Value w = g.initializer("w");
            w.setConstant(Tensors.transpose(w.constant(), new int[] {2, 3, 1, 0}));
            w.setLayout(Layout.HWIO);
            for (Node n : g.nodes()) {
                if (!n.opType().equals("Relu")) {
                    n.setAttribute("layout", new Attribute.Str("NHWC"));
                }
            }
        }
        return m;
    }

    @Test
    void channelsLastNodesMatchChannelsFirstOnes() {
        Tensor x = Tensors.random(DType.FLOAT32, new long[] {1, 3, 8, 8}, new java.util.Random(5));
        Map<String, Tensor> first;
        Map<String, Tensor> last;
        try (Model m = cnn(false); Execution e = backend.load(ModelSource.ir(m), ExecutionOptions.cpu())) {
            first = e.run(Map.of("x", x));
        }
        try (Model m = cnn(true); Execution e = backend.load(ModelSource.ir(m), ExecutionOptions.cpu())) {
            last = e.run(Map.of("x", Tensors.transpose(x, new int[] {0, 2, 3, 1})));
        }
        Tolerance t = Tolerance.forDType(DType.FLOAT32);
        for (String k : List.of("p", "g")) {
            Tensor back = Tensors.transpose(last.get(k), new int[] {0, 3, 1, 2});
            Metrics mt = Comparator.compare(back, first.get(k), t);
            assertTrue(mt.passed(), k + ": " + mt.reason());
        }
    }

    @Test
    void recordsEveryIntermediateInTopologicalOrder() {
        try (Model m = cnn(false);
             Execution e = backend.load(ModelSource.ir(m), new ExecutionOptions(Device.CPU, true))) {
            e.run(Map.of("x", Tensor.ofFloats(new long[] {1, 3, 8, 8}, new float[192])));
            List<Intermediate> im = e.intermediates();
            assertEquals(List.of("c", "n", "r", "p", "g"), im.stream().map(Intermediate::value).toList());
            assertEquals("Conv", im.get(0).op());
            assertEquals(List.of(1L, 4L, 4L, 4L), java.util.Arrays.stream(im.get(3).tensor().shape()).boxed().toList());
        }
    }

    @Test
    void unsupportedOpsAreListedAllAtOnce() {
        Graph g = new Graph("odd");
        Value x = g.addInput(new Value("x", DType.FLOAT32, Shape.of(2), Layout.NONE));
        Value a = new Value("a");
        Value b = new Value("b");
        Value c = new Value("c");
        Value d = new Value("d");
        g.addNode(new Node("loop1", "Loop", List.of(x), List.of(a), Map.of()));
        g.addNode(new Node("fancy", "FancyOp", List.of(a), List.of(b), Map.of()));
        g.addNode(new Node("loop2", "Loop", List.of(b), List.of(c), Map.of()));
        g.addNode(new Node("pool", "MaxPool", List.of(c), List.of(d),
                Map.of("kernel_shape", new Attribute.Ints(new long[] {2}), "dilations", new Attribute.Ints(new long[] {2}))));
        g.addOutput(d);
        try (Model m = new Model(g, "onnx")) {
            UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                    () -> backend.load(ModelSource.ir(m), ExecutionOptions.cpu()));
            assertEquals(3, e.items().size(), e.items().toString());
            assertTrue(e.items().get(0).startsWith("FancyOp, used by 1 node: 'fancy'"), e.items().get(0));
            assertTrue(e.items().get(1).startsWith("Loop, used by 2 nodes: 'loop1', 'loop2'"), e.items().get(1));
            assertTrue(e.items().get(2).contains("dilations"), e.items().get(2));
        }
    }

    @Test
    void weightsOnlyModelsAndFilesAreRefusedClearly() {
        Graph g = new Graph("sd");
        g.addInitializer(Value.constant("w", Tensor.ofFloats(new long[] {1}, 1), Layout.NONE));
        try (Model m = new Model(g, "pytorch")) {
            UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                    () -> backend.load(ModelSource.ir(m), ExecutionOptions.cpu()));
            assertTrue(e.getMessage().contains("weights only"), e.getMessage());
        }
        assertThrows(UnsupportedFeatureException.class, () -> backend.load(
                ModelSource.file(ModelSource.Kind.ONNX_FILE, java.nio.file.Path.of("m.onnx")), ExecutionOptions.cpu()));
    }

    @Test
    void inputsAreChecked() {
        try (Model m = cnn(false); Execution e = backend.load(ModelSource.ir(m), ExecutionOptions.cpu())) {
            assertThrows(UsageException.class, () -> e.run(Map.of()));
            assertThrows(UsageException.class, () -> e.run(Map.of("x", Tensor.ofDoubles(new long[] {1, 3, 8, 8},
                    new double[192]))));
            assertThrows(UsageException.class, () -> e.run(Map.of("x", Tensor.ofFloats(new long[] {192}, new float[192]),
                    "y", Tensor.ofFloats(new long[] {1}, 0))));
            e.close();
            assertThrows(IllegalStateException.class, () -> e.run(Map.of()));
        }
    }

    @Test
    void gpuWithoutCudaIsUnsupportedWithOneClearLine() {
        assumeTrue(Torch.engine().getGpuCount() == 0, "a CUDA GPU is visible; this checks the CPU-only path");
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> backend.checkDevice(Device.gpu(0)));
        assertTrue(e.getMessage().contains("no CUDA GPU"), e.getMessage());
        assertEquals(dev.rosetta.error.ExitCode.UNSUPPORTED, e.exitCode());
        assertFalse(e.getMessage().contains("\n"));
        backend.checkDevice(Device.CPU);
    }
}
