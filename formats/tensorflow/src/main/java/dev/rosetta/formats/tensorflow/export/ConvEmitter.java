package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.util.List;
import org.tensorflow.Output;

/**
 * {@code Conv} (2-D; 1-D ones through {@link OneDimensionalAs2d}): {@code Conv2D} with an HWIO filter, or
 * {@code DepthwiseConv2dNative} with an HWCM filter when {@code group} equals the input channels;
 * an OIHW weight is permuted (a constant once, here). Other grouped convolutions (ResNeXt's) run
 * per group, see {@link #grouped}. Pads TensorFlow's SAME cannot express go through an explicit
 * {@code Pad}; a bias input becomes {@code BiasAdd}.
 */
final class ConvEmitter implements TfEmitter {
    private static final int[] OIHW_TO_HWIO = {2, 3, 1, 0};

    @Override
    public List<String> opTypes() {
        return List.of("Conv");
    }

    @Override
    public String check(Node n, EmitContext ctx) {
        String why = SpatialEmit.check(n, ctx);
        if (why != null) {
            return why;
        }
        Shape w = n.input(1).shape();
        if (!w.isStatic() || w.rank() != 4) {
            return "a weight of unknown or non-4-D shape " + w;
        }
        return SpatialEmit.padding(n, kernel(n), SpatialEmit.pair(n, "strides", 1), SpatialEmit.pair(n, "dilations", 1))
                == null ? "SAME_LOWER padding on an input of unknown size" : null;
    }

    /** The input channels of a depthwise conv (group = channels, one input channel per group), or -1. */
    private static long depthwiseChannels(Node n) {
        long group = n.attrInt("group", 1);
        long[] s = n.input(1).shape().toArray();
        Layout l = EmitContext.weightLayout(n.input(1), SpatialEmit.channelsLast(n), true);
        return switch (l) {
            case HWCM -> s[2] == group ? group : -1;
            case OIHW -> s[1] == 1 && s[0] % group == 0 ? group : -1;
            default -> -1;
        };
    }

    private static long[] kernel(Node n) {
        long[] s = n.input(1).shape().toArray();
        Layout l = EmitContext.weightLayout(n.input(1), SpatialEmit.channelsLast(n), n.attrInt("group", 1) != 1);
        return l == Layout.OIHW ? new long[] {s[2], s[3]} : new long[] {s[0], s[1]};
    }

    @Override
    public void emit(Node n, EmitContext ctx) {
        long[] kernel = kernel(n);
        long[] strides = SpatialEmit.pair(n, "strides", 1);
        long[] dilations = SpatialEmit.pair(n, "dilations", 1);
        SpatialEmit.Padding padding = SpatialEmit.padding(n, kernel, strides, dilations);
        Output<?> x = SpatialEmit.input(n, ctx);
        if (padding.pads() != null) {
            x = SpatialEmit.pad(n, ctx, x, padding.pads(), 0);
        }
        boolean depthwise = n.attrInt("group", 1) != 1 && depthwiseChannels(n) > 0;
        Value w = n.input(1);
        Layout l = EmitContext.weightLayout(w, SpatialEmit.channelsLast(n), depthwise);
        Output<?> y;
        if (depthwise) {
            long c = depthwiseChannels(n);
            long[] s = w.shape().toArray();
            Output<?> filter = l == Layout.HWCM ? ctx.permutedInput(n, 1, null, null)
                    : ctx.permutedInput(n, 1, OIHW_TO_HWIO, new long[] {s[2], s[3], c, s[0] / c});
            y = ctx.op("DepthwiseConv2dNative", n.name()).addInput(x).addInput(filter)
                    .setAttr("strides", SpatialEmit.nhwc(strides)).setAttr("padding", padding.padding())
                    .setAttr("dilations", SpatialEmit.nhwc(dilations)).setAttr("data_format", "NHWC")
                    .build().output(0);
        } else {
            Output<?> filter = ctx.permutedInput(n, 1, l == Layout.OIHW ? OIHW_TO_HWIO : null, null);
            long group = n.attrInt("group", 1);
            y = group == 1 ? conv2d(ctx, n.name(), x, filter, strides, padding.padding(), dilations)
                    : grouped(n, ctx, x, filter, (int) group, strides, padding.padding(), dilations);
        }
        if (n.input(2) != null) {
            y = ctx.op("BiasAdd", n.name() + "/bias").addInput(y).addInput(ctx.in(n, 2))
                    .setAttr("data_format", "NHWC").build().output(0);
        }
        SpatialEmit.output(n, ctx, y);
    }

    /**
     * A grouped convolution as {@code Split} of the input and of the filter into {@code group}
     * parts along channels, one {@code Conv2D} per part, {@code ConcatV2} of the results. One
     * grouped {@code Conv2D} would say the same, but TensorFlow's CPU kernels refuse it once its
     * graph optimizer fuses it with the following bias or batch norm ("Fused conv implementation
     * does not support grouped convolutions"); the filter stays one variable.
     */
    private static Output<?> grouped(Node n, EmitContext ctx, Output<?> x, Output<?> filter, int group,
                                     long[] strides, String padding, long[] dilations) {
        Output<?> channels = ctx.constant(Tensor.ofInts(new long[0], 3), n.name() + "/channel_axis");
        var xs = ctx.op("Split", n.name() + "/input_groups").addInput(channels).addInput(x)
                .setAttr("num_split", group).build();
        var fs = ctx.op("Split", n.name() + "/filter_groups").addInput(channels).addInput(filter)
                .setAttr("num_split", group).build();
        Output<?>[] parts = new Output<?>[group];
        for (int g = 0; g < group; g++) {
            parts[g] = conv2d(ctx, n.name() + "/group" + g, xs.output(g), fs.output(g), strides, padding, dilations);
        }
        return ctx.op("ConcatV2", n.name()).addInputList(parts).addInput(channels).build().output(0);
    }

    private static Output<?> conv2d(EmitContext ctx, String name, Output<?> x, Output<?> filter, long[] strides,
                                    String padding, long[] dilations) {
        return ctx.op("Conv2D", name).addInput(x).addInput(filter)
                .setAttr("strides", SpatialEmit.nhwc(strides)).setAttr("padding", padding)
                .setAttr("dilations", SpatialEmit.nhwc(dilations)).setAttr("data_format", "NHWC")
                .build().output(0);
    }
}
