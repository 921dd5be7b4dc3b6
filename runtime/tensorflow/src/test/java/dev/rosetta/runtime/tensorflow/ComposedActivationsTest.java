package dev.rosetta.runtime.tensorflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import dev.rosetta.runtime.Execution;
import dev.rosetta.runtime.ExecutionOptions;
import dev.rosetta.runtime.ModelSource;
import dev.rosetta.runtime.onnxruntime.OnnxRuntimeBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Activations TensorFlow has no op for, which the emitters compose from others (an ELU with another
 * alpha, ThresholdedReLU, HardSigmoid, PReLU with slopes per channel or per position, Softsign):
 * each one-op IR graph runs on TensorFlow and on ONNX Runtime, whose kernels implement the ONNX
 * definitions directly, over inputs of both signs around the thresholds.
 */
class ComposedActivationsTest {
    private static final long[] SHAPE = {2, 3, 4, 5};

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("Elu", Map.of("alpha", new Attribute.Float(0.7f)), null),
                Arguments.of("ThresholdedRelu", Map.of("alpha", new Attribute.Float(0.3f)), null),
                Arguments.of("ThresholdedRelu", Map.of(), null),
                Arguments.of("HardSigmoid", Map.of("alpha", new Attribute.Float(0.3f), "beta",
                        new Attribute.Float(0.4f)), null),
                Arguments.of("HardSigmoid", Map.of(), null),
                Arguments.of("Softsign", Map.of(), null),
                Arguments.of("PRelu", Map.of(), new long[] {5}),
                Arguments.of("PRelu", Map.of(), new long[] {3, 1, 1}),
                Arguments.of("PRelu", Map.of(), new long[] {3, 4, 5}));
    }

    @ParameterizedTest(name = "{0} {1} slope {2}")
    @MethodSource("cases")
    void tensorFlowComputesWhatOnnxRuntimeComputes(String op, Map<String, Attribute> attrs, long[] slope) {
        Random r = new Random(op.hashCode());
        Graph g = new Graph("activation");
        Value x = g.addInput(new Value("x", DType.FLOAT32, Shape.of(SHAPE), Layout.NONE));
        List<Value> inputs = new ArrayList<>(List.of(x));
        if (slope != null) {
            float[] s = new float[(int) Tensor.elementCount(slope)];
            for (int i = 0; i < s.length; i++) {
                s[i] = (float) r.nextGaussian() * 0.5f;
            }
            Value sv = Value.constant("slope", Tensor.ofFloats(slope, s), Layout.NONE);
            g.addInitializer(sv);
            inputs.add(sv);
        }
        Value y = new Value("y", DType.FLOAT32, Shape.of(SHAPE), Layout.NONE);
        g.addNode(new Node("act", op, inputs, List.of(y), attrs));
        g.addOutput(y);
        float[] v = new float[(int) Tensor.elementCount(SHAPE)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian() * 2f;
        }
        Map<String, Tensor> in = Map.of("x", Tensor.ofFloats(SHAPE, v));
        try (Model m = new Model(g, "onnx")) {
            float[] reference;
            try (Execution ort = new OnnxRuntimeBackend().load(ModelSource.ir(m), ExecutionOptions.cpu())) {
                reference = ort.run(in).values().iterator().next().toFloatArray();
            }
            try (Execution tf = new TensorFlowBackend().load(ModelSource.ir(m), ExecutionOptions.cpu())) {
                Tensor out = tf.run(in).values().iterator().next();
                assertArrayEquals(SHAPE, out.shape());
                float[] actual = out.toFloatArray();
                for (int i = 0; i < v.length; i++) {
                    assertEquals(reference[i], actual[i], 1e-6 + 1e-5 * Math.abs(reference[i]), "element " + i);
                }
            }
        }
    }
}
