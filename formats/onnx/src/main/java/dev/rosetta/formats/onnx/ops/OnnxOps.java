package dev.rosetta.formats.onnx.ops;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The table of every supported ONNX operator (default domain), built once and immutable. An op
 * missing here is unsupported: the reader lists it with its opset, the writer refuses it.
 */
public final class OnnxOps {
    /** The newest default-domain opset the mappings know; newer files are refused. */
    public static final int MAX_READ_OPSET = 25;
    /** The opsets the writer produces. */
    public static final int MIN_WRITE_OPSET = 13;
    public static final int MAX_WRITE_OPSET = 21;

    private static final Map<String, OnnxOpMapping> TABLE = build();

    private OnnxOps() {
    }

    private static Map<String, OnnxOpMapping> build() {
        Map<String, OnnxOpMapping> m = new TreeMap<>();
        Consumer<OnnxOpMapping> add = op -> {
            if (m.put(op.opType(), op) != null) {
                throw new IllegalStateException("duplicate ONNX op mapping " + op.opType());
            }
        };
        Stream.of("Relu", "Sigmoid", "Tanh", "LeakyRelu", "Elu", "Selu", "HardSigmoid", "Celu", "ThresholdedRelu",
                "Softplus", "Softsign", "Exp", "Log", "Sqrt", "Neg", "Abs", "Reciprocal", "Floor", "Ceil", "Erf",
                "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh", "Asinh", "Acosh", "Atanh", "Round",
                "Sign", "Not", "LRN", "InstanceNormalization", "LpNormalization", "DepthToSpace", "SpaceToDepth")
                .forEach(op -> add.accept(new PassThroughOp(op, Infer.SAME)));
        add.accept(new PassThroughOp("Trilu", 14, Infer.SAME));
        add.accept(new PassThroughOp("LayerNormalization", 17, Infer.SAME));
        add.accept(new PassThroughOp("Mish", 18, Infer.SAME));
        add.accept(new PassThroughOp("Gelu", 20, Infer.SAME));
        Stream.of("ArgMax", "ArgMin", "Tile", "Expand", "ConstantOfShape", "GatherElements")
                .forEach(op -> add.accept(new PassThroughOp(op, Infer.NONE)));
        add.accept(new BinaryOp("Mod", Infer.BROADCAST, null));
        add.accept(new SizeOp());
        add.accept(new CastLikeOp());
        Stream.of("Sum", "Max", "Min", "Mean").forEach(op -> add.accept(new PassThroughOp(op, Infer.BROADCAST)));
        add.accept(new PassThroughOp("Where", n -> {
            Infer.BROADCAST.accept(n);
            n.output(0).setDtype(n.input(1) == null ? null : n.input(1).dtype());
        }));
        add.accept(new BinaryOp("Add", Infer.BROADCAST, Math::addExact));
        add.accept(new BinaryOp("Sub", Infer.BROADCAST, Math::subtractExact));
        add.accept(new BinaryOp("Mul", Infer.BROADCAST, Math::multiplyExact));
        add.accept(new BinaryOp("Div", Infer.BROADCAST, (a, b) -> a / b));
        add.accept(new BinaryOp("Pow", Infer.BROADCAST, null));
        Stream.of("Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "And", "Or", "Xor")
                .forEach(op -> add.accept(new BinaryOp(op, Infer.COMPARE, null)));
        add.accept(new PReluOp());
        add.accept(new ClipOp());
        add.accept(new HardSwishOp());
        Stream.of("Softmax", "LogSoftmax", "Hardmax").forEach(op -> add.accept(new SoftmaxOp(op)));
        add.accept(new ConvOp());
        add.accept(new ConvTransposeOp());
        add.accept(new PoolOp("MaxPool"));
        add.accept(new PoolOp("AveragePool"));
        add.accept(new GlobalPoolOp("GlobalAveragePool"));
        add.accept(new GlobalPoolOp("GlobalMaxPool"));
        add.accept(new BatchNormalizationOp());
        add.accept(new GemmOp());
        add.accept(new MatMulOp());
        add.accept(new FlattenOp());
        add.accept(new ReshapeOp());
        add.accept(new TransposeOp());
        add.accept(new ConcatOp());
        add.accept(new PadOp());
        add.accept(new ResizeOp());
        add.accept(new SqueezeOp());
        add.accept(new UnsqueezeOp());
        add.accept(new ReduceOp("ReduceSum", 13));
        Stream.of("ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2", "ReduceLogSum",
                "ReduceLogSumExp", "ReduceSumSquare").forEach(op -> add.accept(new ReduceOp(op, 18)));
        add.accept(new DropoutOp());
        add.accept(new IdentityOp());
        add.accept(new ConstantOp());
        add.accept(new ShapeOp());
        add.accept(new GatherOp());
        add.accept(new SliceOp());
        add.accept(new CastOp());
        add.accept(new SplitOp());
        return Map.copyOf(m);
    }

    /** The mapping of a default-domain op type, or {@code null} when unsupported. */
    public static OnnxOpMapping get(String opType) {
        return TABLE.get(opType);
    }

    /** Every supported op type, sorted. */
    public static List<String> supported() {
        return TABLE.keySet().stream().sorted().toList();
    }

    /** True for the names of ONNX's default domain. */
    public static boolean isDefaultDomain(String domain) {
        return domain == null || domain.isEmpty() || domain.equals("ai.onnx");
    }
}
