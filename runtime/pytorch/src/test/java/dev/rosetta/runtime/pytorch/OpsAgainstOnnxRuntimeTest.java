package dev.rosetta.runtime.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rosetta.ir.Tensor;
import dev.rosetta.runtime.Comparator;
import dev.rosetta.runtime.Execution;
import dev.rosetta.runtime.ExecutionOptions;
import dev.rosetta.runtime.Metrics;
import dev.rosetta.runtime.ModelSource;
import dev.rosetta.runtime.Tolerance;
import dev.rosetta.runtime.onnxruntime.OnnxRuntimeBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kernel of the pytorch backend against ONNX Runtime: each case is built as IR and run on the
 * pytorch backend, and built as an ONNX model by python3-onnx (make_op_models.py) and run on ONNX
 * Runtime, with the same seeded inputs; outputs must agree within fp32 tolerance.
 */
class OpsAgainstOnnxRuntimeTest {
    static final Tolerance FP32 = Tolerance.forDType(null);
    private static final List<String> X = List.of("x");

    @TempDir
    static Path dir;
    static String skip;

    static List<OpCase> cases() {
        List<OpCase> c = new ArrayList<>();
        c.add(OpCase.of("conv_bias_pad1").input("x", 2, 3, 9, 9).weight("w", 4, 3, 3, 3).weight("b", 4)
                .node("Conv", List.of("x", "w", "b"), "y", "pads", new long[] {1, 1, 1, 1}).output("y"));
        c.add(OpCase.of("conv_group_dilation_asym").input("x", 1, 4, 11, 10).weight("w", 6, 2, 3, 3)
                .node("Conv", List.of("x", "w"), "y", "group", 2L, "dilations", new long[] {2, 1},
                        "strides", new long[] {2, 2}, "pads", new long[] {0, 1, 2, 0}).output("y"));
        c.add(OpCase.of("conv_depthwise").input("x", 1, 5, 8, 8).weight("w", 5, 1, 3, 3).weight("b", 5)
                .node("Conv", List.of("x", "w", "b"), "y", "group", 5L, "pads", new long[] {1, 1, 1, 1}).output("y"));
        c.add(OpCase.of("conv_same_upper").input("x", 1, 3, 7, 8).weight("w", 2, 3, 4, 4)
                .node("Conv", List.of("x", "w"), "y", "auto_pad", "SAME_UPPER", "strides", new long[] {2, 2}).output("y"));
        c.add(OpCase.of("conv1d").input("x", 2, 3, 12).weight("w", 4, 3, 5).weight("b", 4)
                .node("Conv", List.of("x", "w", "b"), "y", "pads", new long[] {2, 1}, "strides", new long[] {2}).output("y"));
        c.add(OpCase.of("convtranspose_stride_outpad").input("x", 1, 4, 5, 5).weight("w", 4, 3, 3, 3).weight("b", 3)
                .node("ConvTranspose", List.of("x", "w", "b"), "y", "strides", new long[] {2, 2},
                        "pads", new long[] {1, 1, 1, 1}, "output_padding", new long[] {1, 1}).output("y"));
        c.add(OpCase.of("convtranspose_group_asym").input("x", 1, 4, 4, 6).weight("w", 4, 2, 3, 2)
                .node("ConvTranspose", List.of("x", "w"), "y", "group", 2L, "strides", new long[] {2, 1},
                        "pads", new long[] {0, 1, 1, 0}, "dilations", new long[] {1, 2}).output("y"));
        c.add(OpCase.of("convtranspose_output_shape").input("x", 1, 2, 4, 4).weight("w", 2, 3, 3, 3)
                .node("ConvTranspose", List.of("x", "w"), "y", "strides", new long[] {2, 2},
                        "output_shape", new long[] {8, 8}).output("y"));
        c.add(OpCase.of("batchnorm").input("x", 2, 4, 5, 5).weight("s", 4).weight("b", 4).weight("m", 4)
                .weightRange("v", 0.5, 2, 4)
                .node("BatchNormalization", List.of("x", "s", "b", "m", "v"), "y", "epsilon", 1e-3f).output("y"));
        c.add(unary("Relu"));
        c.add(unary("Sigmoid"));
        c.add(unary("Tanh"));
        c.add(unary("HardSwish"));
        c.add(unary("Identity"));
        c.add(unary("Elu", "alpha", 0.7f));
        c.add(unary("Selu"));
        c.add(unary("LeakyRelu", "alpha", 0.1f));
        c.add(unary("HardSigmoid", "alpha", 0.3f, "beta", 0.4f));
        c.add(unary("Softmax", "axis", 1L));
        c.add(unary("LogSoftmax"));
        c.add(unary("Softmax").opset(11));
        c.add(unary("Dropout"));
        c.add(OpCase.of("prelu").input("x", 2, 3, 4, 4).weight("s", 3, 1, 1)
                .node("PRelu", List.of("x", "s"), "y").output("y"));
        c.add(OpCase.of("clip").input("x", 2, 3, 4).floats("lo", new long[0], -0.5f).floats("hi", new long[0], 0.8f)
                .node("Clip", List.of("x", "lo", "hi"), "y").output("y"));
        c.add(OpCase.of("clip_max_only").input("x", 2, 3, 4).floats("hi", new long[0], 0.3f)
                .node("Clip", List.of("x", "", "hi"), "y").output("y"));
        for (String op : List.of("Add", "Sub", "Mul", "Div")) {
            c.add(OpCase.of(op.toLowerCase() + "_broadcast").input("x", 2, 3, 4, 4).weightRange("w", 0.5, 1.5, 3, 1, 1)
                    .node(op, List.of("x", "w"), "y").output("y"));
        }
        c.add(OpCase.of("sum3").input("x", 2, 3).weight("a", 2, 3).weight("b", 3)
                .node("Sum", List.of("x", "a", "b"), "y").output("y"));
        c.add(pool("maxpool_k3s2p1", "MaxPool", "kernel_shape", new long[] {3, 3}, "strides", new long[] {2, 2},
                "pads", new long[] {1, 1, 1, 1}));
        c.add(pool("maxpool_ceil", "MaxPool", "kernel_shape", new long[] {3, 3}, "strides", new long[] {2, 2},
                "ceil_mode", 1L));
        c.add(pool("maxpool_asym", "MaxPool", "kernel_shape", new long[] {2, 2}, "strides", new long[] {2, 2},
                "pads", new long[] {0, 0, 1, 1}));
        c.add(pool("avgpool_exclude_pad", "AveragePool", "kernel_shape", new long[] {3, 3},
                "pads", new long[] {1, 1, 1, 1}));
        c.add(pool("avgpool_include_pad", "AveragePool", "kernel_shape", new long[] {3, 3}, "strides", new long[] {2, 2},
                "pads", new long[] {1, 1, 1, 1}, "count_include_pad", 1L));
        c.add(pool("avgpool_asym", "AveragePool", "kernel_shape", new long[] {3, 3}, "strides", new long[] {2, 2},
                "pads", new long[] {0, 1, 2, 1}));
        c.add(pool("avgpool_asym_include", "AveragePool", "kernel_shape", new long[] {2, 3},
                "pads", new long[] {1, 0, 0, 2}, "count_include_pad", 1L));
        c.add(OpCase.of("globalavgpool").input("x", 2, 3, 5, 6).node("GlobalAveragePool", X, "y").output("y"));
        c.add(OpCase.of("globalmaxpool").input("x", 2, 3, 5, 6).node("GlobalMaxPool", X, "y").output("y"));
        c.add(OpCase.of("gemm_transb").input("x", 3, 8).weight("w", 5, 8).weight("b", 5)
                .node("Gemm", List.of("x", "w", "b"), "y", "transB", 1L, "alpha", 0.5f, "beta", 2f).output("y"));
        c.add(OpCase.of("gemm_transa").input("x", 8, 3).weight("w", 8, 5)
                .node("Gemm", List.of("x", "w"), "y", "transA", 1L).output("y"));
        c.add(OpCase.of("matmul_batched").input("x", 2, 3, 4).weight("w", 4, 5)
                .node("MatMul", List.of("x", "w"), "y").output("y"));
        c.add(OpCase.of("flatten").input("x", 2, 3, 4, 5).node("Flatten", X, "y").output("y"));
        c.add(OpCase.of("flatten_axis2").input("x", 2, 3, 4, 5).node("Flatten", X, "y", "axis", 2L).output("y"));
        c.add(OpCase.of("reshape_attr").input("x", 2, 3, 4)
                .node("Reshape", X, List.of("y"), Map.of("shape", 1), "shape", new long[] {0, -1, 2}).output("y"));
        c.add(OpCase.of("reshape_input").input("x", 2, 3, 4).longs("s", 4, -1)
                .node("Reshape", List.of("x", "s"), "y").output("y"));
        c.add(OpCase.of("transpose").input("x", 2, 3, 4, 5)
                .node("Transpose", X, "y", "perm", new long[] {0, 2, 3, 1}).output("y"));
        c.add(OpCase.of("transpose_default").input("x", 2, 3, 4).node("Transpose", X, "y").output("y"));
        c.add(OpCase.of("concat").input("x", 2, 3, 4).weight("w", 2, 2, 4)
                .node("Concat", List.of("x", "w"), "y", "axis", -2L).output("y"));
        c.add(OpCase.of("pad_constant").input("x", 1, 2, 3, 4)
                .node("Pad", X, List.of("y"), Map.of("pads", 1), "pads", new long[] {0, 0, 1, 2, 0, 1, 0, 1})
                .output("y"));
        c.add(OpCase.of("pad_constant_value").input("x", 2, 3).floats("v", new long[0], 1.5f)
                .node("Pad", List.of("x", "p", "v"), "y").longs("p", 1, 0, 0, 2).output("y"));
        c.add(OpCase.of("pad_reflect").input("x", 1, 2, 4, 5)
                .node("Pad", X, List.of("y"), Map.of("pads", 1), "pads", new long[] {0, 0, 2, 1, 0, 0, 1, 3},
                        "mode", "reflect").output("y"));
        c.add(OpCase.of("pad_edge").input("x", 1, 2, 4, 5)
                .node("Pad", X, List.of("y"), Map.of("pads", 1), "pads", new long[] {0, 0, 2, 1, 0, 0, 1, 3},
                        "mode", "edge").output("y"));
        c.add(OpCase.of("squeeze").input("x", 2, 1, 3, 1)
                .node("Squeeze", X, List.of("y"), Map.of("axes", 1), "axes", new long[] {1, -1}).output("y"));
        c.add(OpCase.of("unsqueeze").input("x", 2, 3)
                .node("Unsqueeze", X, List.of("y"), Map.of("axes", 1), "axes", new long[] {0, 3}).output("y"));
        c.add(OpCase.of("reducemean").input("x", 2, 3, 4, 5)
                .node("ReduceMean", X, "y", "axes", new long[] {2, 3}, "keepdims", 0L).output("y"));
        c.add(OpCase.of("reducemean_all").input("x", 2, 3, 4).node("ReduceMean", X, "y").output("y"));
        c.add(OpCase.of("small_cnn").input("x", 1, 3, 16, 16).weight("w1", 8, 3, 3, 3).weight("b1", 8)
                .weight("s", 8).weight("bb", 8).weight("m", 8).weightRange("v", 0.5, 2, 8)
                .weight("w2", 10, 8).weight("b2", 10)
                .node("Conv", List.of("x", "w1", "b1"), "c1", "pads", new long[] {1, 1, 1, 1}, "strides", new long[] {2, 2})
                .node("BatchNormalization", List.of("c1", "s", "bb", "m", "v"), "n1")
                .node("Relu", List.of("n1"), "r1")
                .node("MaxPool", List.of("r1"), "p1", "kernel_shape", new long[] {2, 2}, "strides", new long[] {2, 2})
                .node("GlobalAveragePool", List.of("p1"), "g")
                .node("Flatten", List.of("g"), "f")
                .node("Gemm", List.of("f", "w2", "b2"), "logits", "transB", 1L)
                .node("Softmax", List.of("logits"), "prob", "axis", 1L)
                .output("logits", "prob"));
        return c;
    }

    private static OpCase unary(String op, Object... attrs) {
        return OpCase.of(op.toLowerCase() + (attrs.length > 0 ? "_attrs" : "")).input("x", 2, 3, 4, 5)
                .node(op, X, "y", attrs).output("y");
    }

    private static OpCase pool(String name, String op, Object... attrs) {
        return OpCase.of(name).input("x", 2, 3, 9, 8).node(op, X, "y", attrs).output("y");
    }

    @BeforeAll
    static void buildOnnxModels() throws Exception {
        skip = PythonOnnx.unavailableReason();
        if (skip != null) {
            return;
        }
        Path json = dir.resolve("cases.json");
        Files.writeString(json, new ObjectMapper().writeValueAsString(cases().stream().map(OpCase::toJson).toList()));
        PythonOnnx.run(List.of(PythonOnnx.script("make_op_models.py").toString(), json.toString(), dir.toString()));
    }

    @TestFactory
    Stream<DynamicTest> everyCaseMatchesOnnxRuntime() {
        assumeTrue(skip == null, () -> "ONNX oracle unavailable: " + skip);
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name, () -> check(c)));
    }

    private static void check(OpCase c) throws IOException {
        Map<String, Tensor> feed = c.feed();
        Map<String, Tensor> ours;
        try (var model = c.toIr(); Execution e = new PyTorchBackend().load(ModelSource.ir(model), ExecutionOptions.cpu())) {
            ours = e.run(feed);
        }
        Map<String, Tensor> ref;
        try (Execution e = new OnnxRuntimeBackend().load(
                ModelSource.file(ModelSource.Kind.ONNX_FILE, dir.resolve(c.name + ".onnx")), ExecutionOptions.cpu())) {
            ref = e.run(feed);
        }
        assertEquals(ref.keySet(), ours.keySet(), c.name + ": output names");
        for (String k : ref.keySet()) {
            Metrics m = Comparator.compare(ours.get(k), ref.get(k), FP32);
            assertTrue(m.passed(), () -> c.name + " output " + k + ": " + m.reason() + ", max_abs " + m.maxAbs()
                    + ", shapes " + Arrays.toString(ours.get(k).shape()) + " vs " + Arrays.toString(ref.get(k).shape()));
        }
    }
}
