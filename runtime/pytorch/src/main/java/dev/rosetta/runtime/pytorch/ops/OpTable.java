package dev.rosetta.runtime.pytorch.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one table of operators the {@code pytorch} backend executes: ONNX op type (default domain)
 * to kernel. Trivial elementwise ops are one line handing a function to {@link Unary} or
 * {@link Binary}; the rest have a class each.
 */
public final class OpTable {
    private static final Map<String, OpKernel> KERNELS;

    static {
        Map<String, OpKernel> t = new TreeMap<>();
        t.put("Relu", new Unary(Activation::relu));
        t.put("Sigmoid", new Unary(Activation::sigmoid));
        t.put("Tanh", new Unary(NDArray::tanh));
        t.put("HardSwish", new Unary(x -> x.mul(x.mul(1f / 6).add(0.5f).clip(0, 1))));
        t.put("Identity", new Unary(x -> x));
        t.put("Add", new Binary(NDArray::add));
        t.put("Sub", new Binary(NDArray::sub));
        t.put("Mul", new Binary(NDArray::mul));
        t.put("Div", new Binary(NDArray::div));
        t.put("MatMul", new Binary(NDArray::matMul));
        t.put("Sum", new Sum());
        t.put("LeakyRelu", new LeakyRelu());
        t.put("PRelu", new PRelu());
        t.put("Clip", new Clip());
        t.put("HardSigmoid", new HardSigmoid());
        t.put("Elu", new Elu(false));
        t.put("Selu", new Elu(true));
        t.put("Softmax", new Softmax(false));
        t.put("LogSoftmax", new Softmax(true));
        t.put("Conv", new Conv());
        t.put("ConvTranspose", new ConvTranspose());
        t.put("BatchNormalization", new BatchNormalization());
        t.put("MaxPool", new Pool(true));
        t.put("AveragePool", new Pool(false));
        t.put("GlobalAveragePool", new GlobalPool(false));
        t.put("GlobalMaxPool", new GlobalPool(true));
        t.put("Gemm", new Gemm());
        t.put("Flatten", new Flatten());
        t.put("Reshape", new Reshape());
        t.put("Transpose", new Transpose());
        t.put("Concat", new Concat());
        t.put("Pad", new Pad());
        t.put("Squeeze", new Squeeze());
        t.put("Unsqueeze", new Unsqueeze());
        t.put("ReduceMean", new ReduceMean());
        t.put("Dropout", new Dropout());
        t.put("Constant", new Constant());
        KERNELS = Collections.unmodifiableMap(t);
    }

    private OpTable() {
    }

    /** The kernel for an op type, or {@code null}. */
    public static OpKernel get(String opType) {
        return KERNELS.get(opType);
    }

    /** Every op type with a kernel, sorted. */
    public static java.util.Set<String> opTypes() {
        return KERNELS.keySet();
    }
}
