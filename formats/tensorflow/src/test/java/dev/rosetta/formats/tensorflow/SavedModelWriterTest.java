package dev.rosetta.formats.tensorflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.AtomicOutput;
import dev.rosetta.formats.FormatOptions;
import dev.rosetta.formats.numpy.NumpyFiles;
import dev.rosetta.formats.tensorflow.bundle.TensorBundle;
import dev.rosetta.formats.tensorflow.export.TfTensorConversion;
import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;

/** SavedModels we write, loaded back by TensorFlow Java. */
class SavedModelWriterTest {

    @Test
    void goldenCnnRoundTripsThroughTensorFlow(@TempDir Path tmp) {
        Path out = tmp.resolve("tf_cnn_copy");
        try (Model m = new SavedModelFormat().read(TestFiles.golden("tf_cnn", "saved_model"), FormatOptions.none())) {
            AtomicOutput.write(out, t -> new SavedModelFormat().write(m, t, FormatOptions.none()));
        }
        try (TensorBundle written = TensorBundle.open(out.resolve("variables"))) {
            assertTrue(written.entries().keySet().containsAll(List.of("conv1/kernel", "conv2/kernel", "dense/kernel")),
                    "weights are saved as variables: " + written.entries().keySet());
        }
        Tensor input = NumpyFiles.readTensor(TestFiles.golden("tf_cnn", "input.npy"));
        Tensor expected = NumpyFiles.readTensor(TestFiles.golden("tf_cnn", "expected.npy"));
        try (SavedModelBundle b = SavedModelBundle.load(out.toString(), "serve");
             org.tensorflow.Tensor x = TfTensorConversion.toTf(input);
             Result r = b.function("serving_default").call(Map.of("input", x))) {
            TestFiles.assertAllClose(expected, TfTensorConversion.fromTf(r.get("output").orElseThrow()), 1e-5, 1e-5,
                    "TensorFlow's output of the written SavedModel");
        }
        try (Model back = new SavedModelFormat().read(out, FormatOptions.none())) {
            assertEquals(8, back.graph().nodes().size(), "the re-read graph keeps only what serving_default needs");
        }
    }

    @Test
    void graphWithoutWeightsAndWithDynamicBatch(@TempDir Path tmp) {
        Graph g = new Graph("relu6");
        Value x = g.addInput(new Value("x", DType.FLOAT32, new Shape(List.of(dev.rosetta.ir.Dim.symbol("n"),
                dev.rosetta.ir.Dim.of(3))), Layout.NC));
        Value y = new Value("y", DType.FLOAT32, x.shape(), Layout.NC);
        g.addNode(new Node("clip", "Clip", List.of(x), List.of(y), Map.of("min", new Attribute.Float(0f),
                "max", new Attribute.Float(6f))));
        g.addOutput(y);
        Path out = tmp.resolve("relu6");
        try (Model m = new Model(g, "test")) {
            new SavedModelFormat().write(m, out, FormatOptions.none().with("signature", "predict"));
        }
        try (SavedModelBundle b = SavedModelBundle.load(out.toString(), "serve");
             org.tensorflow.Tensor t = TfTensorConversion.toTf(Tensor.ofFloats(new long[] {2, 3}, -1, 2, 7, 0, 6.5f, 3));
             Result r = b.function("predict").call(Map.of("x", t))) {
            TestFiles.assertAllClose(Tensor.ofFloats(new long[] {2, 3}, 0, 2, 6, 0, 6, 3),
                    TfTensorConversion.fromTf(r.get("y").orElseThrow()), 0, 0, "Relu6");
        }
    }

    @Test
    void clipBoundsFromConstantNodes(@TempDir Path tmp) {
        // How a graph recovered from a state dict (MobileNetV2's ReLU6) holds its bounds.
        Graph g = new Graph("relu6_nodes");
        Value x = g.addInput(new Value("x", DType.FLOAT32, Shape.of(2, 3), Layout.NC));
        Value lo = new Value("lo", DType.FLOAT32, Shape.of(), Layout.NONE);
        Value hi = new Value("hi", DType.FLOAT32, Shape.of(), Layout.NONE);
        g.addNode(new Node("lo", "Constant", List.of(), List.of(lo),
                Map.of("value", new Attribute.TensorValue(Tensor.ofFloats(new long[0], 0f)))));
        g.addNode(new Node("hi", "Constant", List.of(), List.of(hi),
                Map.of("value", new Attribute.TensorValue(Tensor.ofFloats(new long[0], 6f)))));
        Value y = new Value("y", DType.FLOAT32, x.shape(), Layout.NC);
        g.addNode(new Node("clip", "Clip", List.of(x, lo, hi), List.of(y), Map.of()));
        g.addOutput(y);
        Path out = tmp.resolve("relu6_nodes");
        try (Model m = new Model(g, "test")) {
            new SavedModelFormat().write(m, out, FormatOptions.none());
        }
        try (SavedModelBundle b = SavedModelBundle.load(out.toString(), "serve");
             org.tensorflow.Tensor t = TfTensorConversion.toTf(Tensor.ofFloats(new long[] {2, 3}, -1, 2, 7, 0, 6.5f, 3));
             Result r = b.function("serving_default").call(Map.of("x", t))) {
            assertArrayEquals(new float[] {0, 2, 6, 0, 6, 3},
                    TfTensorConversion.fromTf(r.get("y").orElseThrow()).toFloatArray());
        }
    }

    @Test
    void channelsFirstSpatialOpsAreRefusedNamingTheLayoutPass(@TempDir Path tmp) {
        Graph g = new Graph("nchw");
        Value x = g.addInput(new Value("x", DType.FLOAT32, Shape.of(1, 3, 8, 8), Layout.NCHW));
        Value w = g.addInitializer(Value.constant("w", Tensor.ofFloats(new long[] {4, 3, 3, 3}, new float[108]),
                Layout.OIHW));
        Value y = new Value("y", DType.FLOAT32, Shape.of(1, 4, 6, 6), Layout.NCHW);
        g.addNode(new Node("conv", "Conv", List.of(x, w), List.of(y),
                Map.of("kernel_shape", new Attribute.Ints(new long[] {3, 3}))));
        Value z = new Value("z");
        g.addNode(new Node("lrn", "LRN", List.of(y), List.of(z), Map.of()));
        g.addOutput(z);
        try (Model m = new Model(g, "test")) {
            UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                    () -> new SavedModelFormat().write(m, tmp.resolve("out"), FormatOptions.none()));
            assertEquals(2, e.items().size(), e.getMessage());
            assertTrue(e.items().get(0).startsWith("LRN, used by 1 node"), e.items().toString());
            assertTrue(e.items().get(1).contains("layout NCHW is channels-first") && e.items().get(1).contains("layout pass"),
                    e.items().toString());
        }
    }
}
