package dev.rosetta.formats.tensorflow.export;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The one table of IR ops the TensorFlow builder emits: IR op type (ONNX, default domain) to
 * emitter. One-op elementwise mappings are a line each; the rest have a class each.
 */
final class TfEmitters {
    private static final Map<String, TfEmitter> EMITTERS;

    static {
        Map<String, TfEmitter> t = new TreeMap<>();
        List<TfEmitter> all = List.of(
                new OneDimensionalAs2d(new ConvEmitter()), new ConvTransposeEmitter(),
                new OneDimensionalAs2d(new PoolEmitter()), new OneDimensionalAs2d(new GlobalPoolEmitter()),
                new BatchNormEmitter(),
                new UnaryEmitter("Relu", "Relu"), new UnaryEmitter("Sigmoid", "Sigmoid"),
                new UnaryEmitter("Tanh", "Tanh"), new UnaryEmitter("Neg", "Neg"), new UnaryEmitter("Sqrt", "Sqrt"),
                new UnaryEmitter("Reciprocal", "Reciprocal"), new UnaryEmitter("Exp", "Exp"),
                new UnaryEmitter("Log", "Log"), new UnaryEmitter("Abs", "Abs"), new UnaryEmitter("Floor", "Floor"),
                new UnaryEmitter("Ceil", "Ceil"), new UnaryEmitter("Softplus", "Softplus"),
                new UnaryEmitter("Identity", "Identity"), new UnaryEmitter("Softsign", "Softsign"),
                new HardSigmoidEmitter(), new PReluEmitter(), new UnaryEmitter("Dropout", "Identity"),
                new EluEmitter(), new ThresholdedReluEmitter(), new SeluEmitter(), new LeakyReluEmitter(),
                new ClipEmitter(), new SoftmaxEmitter(),
                new BinaryEmitter("Add", "AddV2"), new BinaryEmitter("Sub", "Sub"), new BinaryEmitter("Mul", "Mul"),
                new BinaryEmitter("Div", "RealDiv"), new BinaryEmitter("Max", "Maximum"),
                new BinaryEmitter("Min", "Minimum"), new BinaryEmitter("Sum", "AddV2"), new BinaryEmitter("Pow", "Pow"),
                new BinaryEmitter("Less", "Less"), new BinaryEmitter("Greater", "Greater"),
                new BinaryEmitter("Equal", "Equal"), new BinaryEmitter("LessOrEqual", "LessEqual"),
                new BinaryEmitter("GreaterOrEqual", "GreaterEqual"), new UnaryEmitter("Not", "LogicalNot"),
                new WhereEmitter(), new CastLikeEmitter(),
                new MatMulEmitter(), new GemmEmitter(), new ReshapeEmitter(), new FlattenEmitter(),
                new TransposeEmitter(), new ConcatEmitter(), new SplitEmitter(), new SqueezeEmitter(),
                new ResizeEmitter(), new UnsqueezeEmitter(),
                new PadEmitter(), new ReduceEmitter(), new ConstantEmitter(), new CastEmitter());
        for (TfEmitter e : all) {
            for (String op : e.opTypes()) {
                if (t.put(op, e) != null) {
                    throw new IllegalStateException("two emitters for IR op " + op);
                }
            }
        }
        EMITTERS = Collections.unmodifiableMap(t);
    }

    private TfEmitters() {
    }

    static TfEmitter get(String op) {
        return EMITTERS.get(op);
    }

    static Set<String> supported() {
        return EMITTERS.keySet();
    }
}
