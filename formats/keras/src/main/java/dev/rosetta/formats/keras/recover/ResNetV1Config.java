package dev.rosetta.formats.keras.recover;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rosetta.ir.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognizes the weights of a {@code keras.applications} ResNet v1 (ResNet50/101/152, or the same
 * structure with other block counts and widths) by their layer names and shapes, and writes the
 * Keras 2 model config that {@code keras/src/applications/resnet.py} builds for them:
 * {@code ZeroPadding2D(3)} + {@code Conv2D(7, strides 2)} stem, BatchNormalization with epsilon
 * 1.001e-5, {@code pool1_pad} + {@code MaxPooling2D(3, strides 2)}, then stacks {@code conv2..} of
 * bottleneck blocks whose first block has a projection shortcut and whose stride (2, except in
 * {@code conv2}) is on the first 1x1 convolution and the shortcut, 3x3 convolutions with
 * {@code same} padding, {@code Add([shortcut, x])}, and with {@code predictions} a
 * GlobalAveragePooling2D and a softmax Dense (the default {@code classifier_activation}).
 *
 * <p>Weights are looked up by {@code <layer>/<variable>} (Keras kernels are HWIO); a convolution
 * is biased when its {@code bias} is present, as keras.applications' are.
 */
final class ResNetV1Config {
    private static final Pattern BLOCK = Pattern.compile("conv(\\d{1,3})_block(\\d{1,3})_([0-3])_(conv|bn)");
    private static final String[] BN_VARIABLES = {"gamma", "beta", "moving_mean", "moving_variance"};
    private static final float EPSILON = 1.001e-5f;
    private static final int MAX_BLOCKS = 1000;

    /** What was recognized: blocks per stack, stack widths, classes (-1 without a top). */
    record Shape(List<Integer> blocks, List<Long> widths, long inChannels, long classes) {
        /** {@code ResNet50}, {@code ResNet101}, {@code ResNet152}, or null for another depth. */
        String standardName() {
            if (!widths.equals(List.of(64L, 128L, 256L, 512L))) {
                return null;
            }
            return switch (blocks.toString()) {
                case "[3, 4, 6, 3]" -> "ResNet50";
                case "[3, 4, 23, 3]" -> "ResNet101";
                case "[3, 8, 36, 3]" -> "ResNet152";
                default -> null;
            };
        }

        String describe() {
            String name = standardName();
            return "keras.applications " + (name != null ? name : "ResNet v1-style model") + " (ResNet v1: stride on "
                    + "the first 1x1 convolution, BatchNormalization epsilon 1.001e-5; blocks " + blocks
                    + (name != null ? "" : ", widths " + widths) + (classes >= 0 ? ", " + classes + " classes" : ", no top")
                    + ")";
        }
    }

    private final Map<String, Tensor> weights;
    private final List<ObjectNode> layers = new ArrayList<>();

    /** @param weights the stored weights by {@code <layer>/<variable>} */
    ResNetV1Config(Map<String, Tensor> weights) {
        this.weights = weights;
    }

    /** The structure the weights describe, or why they are not a keras.applications ResNet. */
    Result recognize() {
        Tensor stem = weights.get("conv1_conv/kernel");
        if (stem == null) {
            return Result.no("no 'conv1_conv/kernel'");
        }
        long[] s = stem.shape();
        if (s.length != 4 || s[0] != 7 || s[1] != 7) {
            return Result.no("'conv1_conv/kernel' has shape " + java.util.Arrays.toString(s)
                    + ", not a 7x7 Keras (HWIO) kernel");
        }
        if (!hasBatchNorm("conv1_bn")) {
            return Result.no("no complete 'conv1_bn'");
        }
        List<Integer> blocks = new ArrayList<>();
        List<Long> widths = new ArrayList<>();
        for (int stage = 2; has("conv" + stage + "_block1_1_conv/kernel"); stage++) {
            int b = 0;
            while (b < MAX_BLOCKS && has("conv" + stage + "_block" + (b + 1) + "_1_conv/kernel")) {
                b++;
            }
            blocks.add(b);
            widths.add(weights.get("conv" + stage + "_block1_1_conv/kernel").shape()[3]);
        }
        if (blocks.isEmpty()) {
            return Result.no("no 'conv2_block1_1_conv/kernel'");
        }
        for (String name : weights.keySet()) {
            String layer = name.substring(0, Math.max(0, name.lastIndexOf('/')));
            Matcher m = BLOCK.matcher(layer);
            if (m.matches()) {
                int stage = Integer.parseInt(m.group(1));
                int block = Integer.parseInt(m.group(2));
                if (stage < 2 || stage - 2 >= blocks.size() || block < 1 || block > blocks.get(stage - 2)) {
                    return Result.no("layer '" + layer + "' is outside the stacks " + blocks);
                }
            }
        }
        Tensor top = weights.get("predictions/kernel");
        long classes = top == null ? -1 : top.rank() == 2 ? top.shape()[1] : -2;
        if (classes == -2) {
            return Result.no("'predictions/kernel' is not a 2-D Dense kernel");
        }
        return new Result(new Shape(List.copyOf(blocks), List.copyOf(widths), s[2], classes), null);
    }

    /** A recognition: the shape, or why there is none. */
    record Result(Shape shape, String whyNot) {
        static Result no(String why) {
            return new Result(null, why);
        }

        Optional<Shape> found() {
            return Optional.ofNullable(shape);
        }
    }

    /** The Keras 2 model config ({@code class_name: Model}) of the recognized network. */
    ObjectNode config(Shape shape) {
        layers.clear();
        ObjectNode in = JsonNodeFactory.instance.objectNode();
        ArrayNode batch = in.putArray("batch_input_shape");
        batch.addNull().addNull().addNull().add(shape.inChannels());
        in.put("dtype", "float32");
        in.put("sparse", false);
        String x = layer("input_1", "InputLayer", in);
        x = layer("conv1_pad", "ZeroPadding2D", padding(3), x);
        x = layer("conv1_conv", "Conv2D", conv("conv1_conv", 7, 2, "valid"), x);
        x = layer("conv1_bn", "BatchNormalization", batchNorm(), x);
        x = layer("conv1_relu", "Activation", relu(), x);
        x = layer("pool1_pad", "ZeroPadding2D", padding(1), x);
        ObjectNode pool = base();
        pool.putArray("pool_size").add(3).add(3);
        pool.putArray("strides").add(2).add(2);
        pool.put("padding", "valid");
        pool.put("data_format", "channels_last");
        x = layer("pool1_pool", "MaxPooling2D", pool, x);
        for (int i = 0; i < shape.blocks().size(); i++) {
            int stage = i + 2;
            for (int b = 1; b <= shape.blocks().get(i); b++) {
                x = block(x, "conv" + stage + "_block" + b, b == 1 && stage > 2 ? 2 : 1);
            }
        }
        if (shape.classes() >= 0) {
            ObjectNode gap = base();
            gap.put("data_format", "channels_last");
            gap.put("keepdims", false);
            x = layer("avg_pool", "GlobalAveragePooling2D", gap, x);
            ObjectNode dense = base();
            dense.put("units", shape.classes());
            dense.put("activation", "softmax");
            dense.put("use_bias", has("predictions/bias"));
            x = layer("predictions", "Dense", dense, x);
        }
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("class_name", "Model");
        ObjectNode config = root.putObject("config");
        config.put("name", shape.standardName() == null ? "resnet" : shape.standardName().toLowerCase(java.util.Locale.ROOT));
        ArrayNode list = config.putArray("layers");
        layers.forEach(list::add);
        config.putArray("input_layers").addArray().add("input_1").add(0).add(0);
        config.putArray("output_layers").addArray().add(x).add(0).add(0);
        return root;
    }

    /** keras.applications' {@code residual_block_v1}; the shortcut is projected when its weights exist. */
    private String block(String x, String name, int stride) {
        String shortcut = x;
        if (has(name + "_0_conv/kernel")) {
            shortcut = layer(name + "_0_conv", "Conv2D", conv(name + "_0_conv", 1, stride, "valid"), x);
            shortcut = layer(name + "_0_bn", "BatchNormalization", batchNorm(), shortcut);
        }
        String y = layer(name + "_1_conv", "Conv2D", conv(name + "_1_conv", 1, stride, "valid"), x);
        y = layer(name + "_1_bn", "BatchNormalization", batchNorm(), y);
        y = layer(name + "_1_relu", "Activation", relu(), y);
        y = layer(name + "_2_conv", "Conv2D", conv(name + "_2_conv", 3, 1, "same"), y);
        y = layer(name + "_2_bn", "BatchNormalization", batchNorm(), y);
        y = layer(name + "_2_relu", "Activation", relu(), y);
        y = layer(name + "_3_conv", "Conv2D", conv(name + "_3_conv", 1, 1, "valid"), y);
        y = layer(name + "_3_bn", "BatchNormalization", batchNorm(), y);
        String sum = layer(name + "_add", "Add", base(), shortcut, y);
        return layer(name + "_out", "Activation", relu(), sum);
    }

    private String layer(String name, String className, ObjectNode config, String... inbound) {
        config.put("name", name);
        ObjectNode l = JsonNodeFactory.instance.objectNode();
        l.put("class_name", className);
        l.put("name", name);
        l.set("config", config);
        ArrayNode nodes = l.putArray("inbound_nodes");
        if (inbound.length > 0) {
            ArrayNode call = nodes.addArray();
            for (String in : inbound) {
                call.addArray().add(in).add(0).add(0).addObject();
            }
        }
        layers.add(l);
        return name;
    }

    private static ObjectNode base() {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("trainable", true);
        c.put("dtype", "float32");
        return c;
    }

    private ObjectNode conv(String layer, int kernel, int stride, String padding) {
        Tensor k = weights.get(layer + "/kernel");
        ObjectNode c = base();
        c.put("filters", k == null || k.rank() != 4 ? -1 : k.shape()[3]);
        c.putArray("kernel_size").add(kernel).add(kernel);
        c.putArray("strides").add(stride).add(stride);
        c.put("padding", padding);
        c.put("data_format", "channels_last");
        c.putArray("dilation_rate").add(1).add(1);
        c.put("groups", 1);
        c.put("activation", "linear");
        c.put("use_bias", has(layer + "/bias"));
        return c;
    }

    private static ObjectNode batchNorm() {
        ObjectNode c = base();
        c.putArray("axis").add(3);
        c.put("momentum", 0.99);
        c.put("epsilon", EPSILON);
        c.put("center", true);
        c.put("scale", true);
        return c;
    }

    private static ObjectNode relu() {
        ObjectNode c = base();
        c.put("activation", "relu");
        return c;
    }

    private static ObjectNode padding(int p) {
        ObjectNode c = base();
        ArrayNode a = c.putArray("padding");
        a.addArray().add(p).add(p);
        a.addArray().add(p).add(p);
        c.put("data_format", "channels_last");
        return c;
    }

    private boolean has(String name) {
        return weights.containsKey(name);
    }

    private boolean hasBatchNorm(String layer) {
        for (String v : BN_VARIABLES) {
            if (!has(layer + "/" + v)) {
                return false;
            }
        }
        return true;
    }
}
