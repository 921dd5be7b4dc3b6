package dev.rosetta.tfgolden;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.types.TFloat32;

/**
 * Writes {@code golden-models/tf_cnn/}: a small NHWC CNN built with TensorFlow Java, exported as a
 * SavedModel with variables, plus a fixed input and TensorFlow's output for it.
 *
 * <pre>
 * input [-1,16,16,3] -> Conv2D 3x3/1 SAME (conv1/kernel [3,3,3,8]) -> BiasAdd (conv1/bias) -> Relu
 *   -> MaxPool 2x2/2 VALID -> Conv2D 3x3/2 SAME (conv2/kernel [3,3,8,12], padding 0 top/left, 1 bottom/right)
 *   -> BiasAdd (conv2/bias) -> Relu -> Reshape [-1,192] (H,W,C order)
 *   -> MatMul (dense/kernel [192,10]) -> BiasAdd (dense/bias) -> output [-1,10]
 * </pre>
 *
 * Variables are plain {@code VariableV2} ops whose values are drawn in Java from a seeded
 * {@link Random} (specified algorithm, so identical everywhere) and assigned through placeholders;
 * the saved graph holds no weight constants, the weights live only in {@code variables/}. One
 * intra-op and one inter-op thread keep TensorFlow's arithmetic order fixed, and saved_model.pb is
 * re-serialized with sorted map entries so that the files are byte-identical from run to run. After export, the
 * SavedModel is reloaded with {@link SavedModelBundle#load} and must reproduce the output bit for
 * bit; a plain-Java evaluation of the same network ({@link ReferenceCnn}) must agree within 1e-4.
 *
 * <p>Usage: {@code TfGolden OUT_DIR} (normally run through the pom's {@code exec:exec}).
 */
public final class TfGolden {
    static final int SIZE = 16;
    static final int CHANNELS = 3;
    static final int CONV1_STRIDE = 1;
    static final int CONV2_STRIDE = 2;
    static final int BATCH = 2;
    static final int CLASSES = 10;
    private static final long WEIGHT_SEED = 4000;
    private static final long INPUT_SEED = 4001;

    private TfGolden() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: TfGolden OUT_DIR");
            System.exit(2);
        }
        Path out = Path.of(args[0]).toAbsolutePath().normalize();
        Files.createDirectories(out);

        Random wr = new Random(WEIGHT_SEED);
        Param conv1K = Param.normal("conv1/kernel", new long[] {3, 3, CHANNELS, 8}, Math.sqrt(2.0 / 27), wr);
        Param conv1B = Param.normal("conv1/bias", new long[] {8}, 0.1, wr);
        Param conv2K = Param.normal("conv2/kernel", new long[] {3, 3, 8, 12}, Math.sqrt(2.0 / 72), wr);
        Param conv2B = Param.normal("conv2/bias", new long[] {12}, 0.1, wr);
        Param denseK = Param.normal("dense/kernel", new long[] {4 * 4 * 12, CLASSES}, Math.sqrt(1.0 / 192), wr);
        Param denseB = Param.normal("dense/bias", new long[] {CLASSES}, 0.1, wr);
        List<Param> params = List.of(conv1K, conv1B, conv2K, conv2B, denseK, denseB);

        long[] inputShape = {BATCH, SIZE, SIZE, CHANNELS};
        float[] input = Param.normal("input", inputShape, 1.0, new Random(INPUT_SEED)).values();

        Path savedModel = out.resolve("saved_model");
        deleteRecursively(savedModel);
        float[] expected;
        try (Graph g = new Graph(); Session session = new Session(g, singleThreaded())) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> x = tf.withName("input")
                    .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, SIZE, SIZE, CHANNELS)));
            Ops conv1 = tf.withSubScope("conv1");
            Operand<TFloat32> h = conv(conv1, x, assigned(conv1, session, conv1K), assigned(conv1, session, conv1B),
                    CONV1_STRIDE);
            h = maxPool2x2(tf.withSubScope("pool1"), h);
            Ops conv2 = tf.withSubScope("conv2");
            h = conv(conv2, h, assigned(conv2, session, conv2K), assigned(conv2, session, conv2B), CONV2_STRIDE);
            Ops flatten = tf.withSubScope("flatten");
            h = flatten.withName("Reshape").reshape(h, flatten.withName("shape").array(-1, 4 * 4 * 12));
            Ops dense = tf.withSubScope("dense");
            Variable<TFloat32> denseKernel = assigned(dense, session, denseK);
            Variable<TFloat32> denseBias = assigned(dense, session, denseB);
            h = dense.withName("BiasAdd").nn.biasAdd(dense.withName("MatMul").linalg.matMul(h, denseKernel), denseBias);
            Operand<TFloat32> y = tf.withName("output").identity(h);

            Signature signature = Signature.builder(Signature.DEFAULT_KEY).input("input", x).output("output", y).build();
            SessionFunction function = session.function(signature);
            expected = call(function::call, inputShape, input);
            SavedModelBundle.exporter(savedModel.toString()).withFunction(function).export();
        }
        reserializeDeterministically(savedModel.resolve("saved_model.pb"));

        float[] reloaded;
        try (SavedModelBundle bundle = SavedModelBundle.loader(savedModel.toString())
                .withTags(SavedModelBundle.DEFAULT_TAG).withConfigProto(singleThreaded()).load()) {
            reloaded = call(bundle.function(Signature.DEFAULT_KEY)::call, inputShape, input);
        }
        if (!Arrays.equals(expected, reloaded)) {
            throw new IllegalStateException("reloaded SavedModel output differs: max abs " + maxAbsDiff(expected, reloaded));
        }
        float[] reference = ReferenceCnn.forward(input, BATCH, conv1K, conv1B, conv2K, conv2B, denseK, denseB);
        double diff = maxAbsDiff(expected, reference);
        if (diff > 1e-4) {
            throw new IllegalStateException("TensorFlow and the plain-Java reference differ by " + diff);
        }

        long[] outputShape = {BATCH, CLASSES};
        Npy.writeFloat32(out.resolve("input.npy"), inputShape, input);
        Npy.writeFloat32(out.resolve("expected.npy"), outputShape, expected);
        Files.writeString(out.resolve("meta.json"), meta(params, inputShape, outputShape, diff));
        System.out.printf(Locale.ROOT, "%s: input %s -> output %s, TensorFlow %s, reload identical, Java reference within %.2e%n",
                out, Arrays.toString(inputShape), Arrays.toString(outputShape), TensorFlow.version(), diff);
    }

    /**
     * A variable in {@code layer}'s scope named after the last part of {@code p}'s name, given p's
     * values now through a placeholder ({@code <name>_value}) and an Assign ({@code <name>_assign}).
     */
    private static Variable<TFloat32> assigned(Ops layer, Session session, Param p) {
        String name = p.name().substring(p.name().lastIndexOf('/') + 1);
        Variable<TFloat32> v = layer.withName(name).variable(Shape.of(p.shape()), TFloat32.class);
        Placeholder<TFloat32> value = layer.withName(name + "_value")
                .placeholder(TFloat32.class, Placeholder.shape(Shape.of(p.shape())));
        Operand<TFloat32> assign = layer.withName(name + "_assign").assign(v, value);
        try (TFloat32 t = TFloat32.tensorOf(Shape.of(p.shape()), DataBuffers.of(p.values(), true, false))) {
            session.runner().feed(value, t).addTarget(assign.op()).run().close();
        }
        return v;
    }

    /** Conv2D (SAME, NHWC) then BiasAdd then Relu, all in {@code layer}'s scope. */
    private static Operand<TFloat32> conv(Ops layer, Operand<TFloat32> x, Operand<TFloat32> kernel,
                                          Operand<TFloat32> bias, int stride) {
        Operand<TFloat32> c = layer.withName("Conv2D")
                .nn.conv2d(x, kernel, List.of(1L, (long) stride, (long) stride, 1L), "SAME");
        return layer.withName("Relu").nn.relu(layer.withName("BiasAdd").nn.biasAdd(c, bias));
    }

    /**
     * A 2x2/2 VALID max pool as the attribute-based {@code MaxPool} op that TensorFlow's Python
     * layers emit; TF Java's {@code nn.maxPool} only builds {@code MaxPoolV2} (sizes as inputs).
     */
    private static Operand<TFloat32> maxPool2x2(Ops layer, Operand<TFloat32> x) {
        Operation op = layer.scope().opBuilder("MaxPool", "MaxPool")
                .addInput(x.asOutput())
                .setAttr("ksize", new long[] {1, 2, 2, 1})
                .setAttr("strides", new long[] {1, 2, 2, 1})
                .setAttr("padding", "VALID")
                .setAttr("data_format", "NHWC")
                .build();
        return op.output(0);
    }

    private static float[] call(Function<Map<String, Tensor>, Result> fn,
                                long[] shape, float[] input) {
        try (TFloat32 in = TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(input, true, false));
             Result r = fn.apply(Map.of("input", in))) {
            TFloat32 y = (TFloat32) r.get("output").orElseThrow(() -> new IllegalStateException("no output"));
            float[] values = new float[Math.toIntExact(y.shape().size())];
            y.copyTo(DataBuffers.of(values, false, false));
            return values;
        }
    }

    /**
     * Rewrites a SavedModel protobuf with map entries sorted by key. TensorFlow's C++ writer emits
     * map fields (node attributes, signature maps) in hash order, which changes from run to run;
     * the content is unchanged, and the reload check below reads the rewritten file.
     */
    private static void reserializeDeterministically(Path file) throws IOException {
        SavedModel model = SavedModel.parseFrom(Files.readAllBytes(file));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.useDeterministicSerialization();
        model.writeTo(out);
        out.flush();
        Files.write(file, bytes.toByteArray());
    }

    private static ConfigProto singleThreaded() {
        return ConfigProto.newBuilder().setIntraOpParallelismThreads(1).setInterOpParallelismThreads(1).build();
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs((double) a[i] - b[i]));
        }
        return m;
    }

    private static String meta(List<Param> params, long[] inputShape, long[] outputShape, double referenceDiff) {
        String variables = params.stream()
                .map(p -> "    {\"name\": \"" + p.name() + "\", \"dtype\": \"float32\", \"shape\": "
                        + Arrays.toString(p.shape()) + "}")
                .collect(Collectors.joining(",\n"));
        return String.format(Locale.ROOT, """
                {
                  "name": "tf_cnn",
                  "description": "small NHWC CNN built with TensorFlow Java: Conv2D/BiasAdd/Relu, MaxPool, Conv2D stride 2 with SAME (asymmetric) padding, Reshape (H,W,C flatten), MatMul/BiasAdd",
                  "architecture": [
                    "conv1: Conv2D 3x3 stride 1 SAME, kernel HWIO [3,3,3,8], BiasAdd, Relu",
                    "pool1: MaxPool ksize [1,2,2,1] strides [1,2,2,1] VALID",
                    "conv2: Conv2D 3x3 stride 2 SAME on 8x8 (pads 0 top/left, 1 bottom/right), kernel HWIO [3,3,8,12], BiasAdd, Relu",
                    "flatten: Reshape to [-1,192] in H,W,C order",
                    "dense: MatMul with kernel [192,10] (in, out), BiasAdd",
                    "output: Identity"
                  ],
                  "layout": "NHWC",
                  "saved_model": {"dir": "saved_model", "tags": ["serve"], "signature": "serving_default",
                                  "inputs": {"input": {"dtype": "float32", "shape": [-1, 16, 16, 3]}},
                                  "outputs": {"output": {"dtype": "float32", "shape": [-1, 10]}}},
                  "variables": [
                %s
                  ],
                  "inputs": [{"name": "input", "dtype": "float32", "shape": %s, "file": "input.npy"}],
                  "outputs": [{"name": "output", "dtype": "float32", "shape": %s, "file": "expected.npy"}],
                  "initialization": "VariableV2 ops assigned through placeholders with values from java.util.Random(%d).nextGaussian(), drawn in the order listed, scaled by sqrt(2/fan_in) for conv kernels, sqrt(1/192) for dense/kernel, 0.1 for biases; input from java.util.Random(%d).nextGaussian()",
                  "made_by": {"script": "scripts/tf-golden (dev.rosetta.tfgolden.TfGolden)", "tensorflow": "%s",
                              "tensorflow_java": "org.tensorflow:tensorflow-core-api:1.1.0", "java": "%s",
                              "threads": {"intra_op": 1, "inter_op": 1}, "TF_ENABLE_ONEDNN_OPTS": "%s"},
                  "note": "saved_model.pb is re-serialized with protobuf map entries sorted by key (same content, stable bytes); the graph also holds <name>_value placeholders and <name>_assign Assign ops that set each variable once at generation time; serving_default does not reach them",
                  "checks": ["SavedModelBundle.load + serving_default reproduces expected.npy exactly",
                             "plain-Java NHWC reference agrees within 1e-4 (max abs %.3e)"]
                }
                """, variables, Arrays.toString(inputShape), Arrays.toString(outputShape), WEIGHT_SEED,
                INPUT_SEED, TensorFlow.version(), Runtime.version().feature(),
                String.valueOf(System.getenv("TF_ENABLE_ONEDNN_OPTS")), referenceDiff);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
