package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.ir.Attribute;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one table of TensorFlow ops the importer maps: op type to mapping. Elementwise ops are one
 * line handing names to {@link UnaryOp} or {@link BinaryOp}; the rest have a class each. Function
 * calls ({@code StatefulPartitionedCall}, {@code PartitionedCall}) never reach the table: they are
 * inlined when the graph is flattened.
 */
public final class TfOps {
    private static final Map<String, TfOpMapping> MAPPINGS;

    static {
        Map<String, TfOpMapping> t = new TreeMap<>();
        List<TfOpMapping> all = List.of(
                new PlaceholderOp(), new PlaceholderWithDefaultOp(), new ConstOp(), new IdentityOp(), new NoOpOp(),
                new VariableOp(),
                new Conv2DOp(), new DepthwiseConv2dNativeOp(), new Conv2DBackpropInputOp(), new BiasAddOp(),
                new FusedBatchNormOp(),
                new UnaryOp("Relu", "Relu"),
                new UnaryOp("Relu6", "Clip", Map.of("min", new Attribute.Float(0f), "max", new Attribute.Float(6f))),
                new UnaryOp("Elu", "Elu", Map.of("alpha", new Attribute.Float(1f))),
                new UnaryOp("Selu", "Selu"),
                new UnaryOp("Sigmoid", "Sigmoid"),
                new UnaryOp("Tanh", "Tanh"),
                new UnaryOp("Neg", "Neg"),
                new UnaryOp("Sqrt", "Sqrt"),
                new UnaryOp("Reciprocal", "Reciprocal"),
                new UnaryOp("Exp", "Exp"),
                new UnaryOp("Abs", "Abs"),
                new UnaryOp("Ceil", "Ceil"),
                new UnaryOp("Floor", "Floor"),
                new UnaryOp("Log", "Log"),
                new UnaryOp("Softplus", "Softplus"),
                new UnaryOp("Softsign", "Softsign"),
                new RsqrtOp(), new LeakyReluOp(), new SoftmaxOp("Softmax"), new SoftmaxOp("LogSoftmax"),
                new BinaryOp("Add", "Add", "AddV2"),
                new BinaryOp("Sub", "Sub"),
                new BinaryOp("Mul", "Mul"),
                new BinaryOp("Div", "RealDiv"),
                new BinaryOp("Max", "Maximum"),
                new BinaryOp("Min", "Minimum"),
                new BinaryOp("Pow", "Pow"),
                new BinaryOp("Less", "Less"), new BinaryOp("Greater", "Greater"), new BinaryOp("Equal", "Equal"),
                new BinaryOp("LessOrEqual", "LessEqual"), new BinaryOp("GreaterOrEqual", "GreaterEqual"),
                new UnaryOp("LogicalNot", "Not"), new SelectOp(),
                new AddNOp(), new MatMulOp(),
                new PoolOp("MaxPool", "MaxPool"), new PoolOp("AvgPool", "AveragePool"),
                new ReductionOp("Mean", "GlobalAveragePool", "ReduceMean"),
                new ReductionOp("Max", "GlobalMaxPool", "ReduceMax"),
                new ReductionOp("Min", null, "ReduceMin"), new ReductionOp("Sum", null, "ReduceSum"),
                new ReductionOp("Prod", null, "ReduceProd"),
                new CastOp(), new StridedSliceOp(), new ReshapeOp(), new SqueezeOp(), new ExpandDimsOp(), new PadOp(),
                new ConcatOp(), new SplitOp(), new ResizeOp(),
                new TransposeOp(), new SpaceToBatchNDOp(), new BatchToSpaceNDOp());
        for (TfOpMapping m : all) {
            for (String op : m.opTypes()) {
                if (t.put(op, m) != null) {
                    throw new IllegalStateException("two mappings for TensorFlow op " + op);
                }
            }
        }
        MAPPINGS = Collections.unmodifiableMap(t);
    }

    private TfOps() {
    }

    /** The mapping of a TensorFlow op type, or {@code null}. */
    public static TfOpMapping get(String op) {
        return MAPPINGS.get(op);
    }

    /** Every op type the importer maps, sorted (function calls, which are inlined, aside). */
    public static java.util.Set<String> supported() {
        return MAPPINGS.keySet();
    }
}
