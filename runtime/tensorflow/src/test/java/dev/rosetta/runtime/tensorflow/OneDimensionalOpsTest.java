package dev.rosetta.runtime.tensorflow;

import static dev.rosetta.runtime.tensorflow.TestGraphs.assertClose;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import dev.rosetta.layout.IoLayout;
import dev.rosetta.layout.LayoutConversion;
import dev.rosetta.runtime.Execution;
import dev.rosetta.runtime.ExecutionOptions;
import dev.rosetta.runtime.ModelSource;
import dev.rosetta.runtime.onnxruntime.OnnxRuntimeBackend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Spatial ops over one axis (Keras Conv1D, MaxPooling1D, AveragePooling1D, GlobalMaxPooling1D;
 * PyTorch Conv1d, MaxPool1d), which the TensorFlow emitters run as their 2-D forms with a unit
 * height: each one-node IR graph, channels-first (NCW) or channels-last (NWC), runs on TensorFlow
 * and, channels-first, on ONNX Runtime, whose kernels are ONNX's 1-D definitions.
 */
class OneDimensionalOpsTest {
    private static final long N = 2;
    private static final long C = 3;
    private static final long W = 11;

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        "MaxPool, NCW, kernel_shape=3;strides=2", "MaxPool, NWC, kernel_shape=2;strides=2;pads=1:0",
        "AveragePool, NCW, kernel_shape=3;strides=1", "AveragePool, NWC, kernel_shape=4;strides=3",
        "GlobalMaxPool, NWC, ", "GlobalAveragePool, NCW, ",
        "Conv, NCW, kernel_shape=3;strides=2;pads=1:1;dilations=1", "Conv, NWC, kernel_shape=3;strides=1;dilations=2",
        "Conv, NWC, kernel_shape=2;pads=1:0",
    })
    void tensorFlowComputesWhatOnnxRuntimeComputes(String op, String layout, String attrSpec) {
        boolean last = layout.equals("NWC");
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        if (attrSpec != null) {
            for (String kv : attrSpec.split(";")) {
                String[] p = kv.split("=");
                long[] v = java.util.Arrays.stream(p[1].split(":")).mapToLong(Long::parseLong).toArray();
                attrs.put(p[0], new Attribute.Ints(v));
            }
        }
        attrs.put("layout", new Attribute.Str(layout));
        Random r = new Random(op.hashCode() + layout.hashCode());
        Graph g = new Graph("one_d");
        long[] xs = last ? new long[] {N, W, C} : new long[] {N, C, W};
        Value x = g.addInput(new Value("x", DType.FLOAT32, Shape.of(xs), last ? Layout.NWC : Layout.NCW));
        List<Value> inputs = new ArrayList<>(List.of(x));
        if (op.equals("Conv")) {
            long k = attrs.get("kernel_shape") instanceof Attribute.Ints ks ? ks.values()[0] : 1;
            long out = 4;
            long[] ws = last ? new long[] {k, C, out} : new long[] {out, C, k};
            inputs.add(initializer(g, "w", ws, last ? Layout.WIO : Layout.OIW, r));
            inputs.add(initializer(g, "b", new long[] {out}, Layout.NONE, r));
        }
        Value y = new Value("y");
        y.setDtype(DType.FLOAT32);
        g.addNode(new Node("op", op, inputs, List.of(y), attrs));
        g.addOutput(y);
        Map<String, Tensor> in = Map.of("x", random(xs, r));
        try (Model m = new Model(g, last ? "keras" : "onnx")) {
            Tensor onTensorFlow;
            try (Execution tf = new TensorFlowBackend().load(ModelSource.ir(m), ExecutionOptions.cpu())) {
                onTensorFlow = tf.run(in).values().iterator().next();
            }
            if (last) {
                LayoutConversion.toChannelsFirst(IoLayout.KEEP).run(m.graph());
            }
            try (Execution ort = new OnnxRuntimeBackend().load(ModelSource.ir(m), ExecutionOptions.cpu())) {
                assertClose(ort.run(in).values().iterator().next(), onTensorFlow, 1e-5);
            }
        }
    }

    private static Value initializer(Graph g, String name, long[] shape, Layout layout, Random r) {
        Value v = Value.constant(name, random(shape, r), layout);
        g.addInitializer(v);
        return v;
    }

    private static Tensor random(long[] shape, Random r) {
        float[] v = new float[(int) Tensor.elementCount(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Tensor.ofFloats(shape, v);
    }
}
