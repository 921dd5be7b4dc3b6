package dev.rosetta.formats.keras.read.layers;

import dev.rosetta.formats.keras.read.Attrs;
import dev.rosetta.formats.keras.read.LayerConfig;
import dev.rosetta.formats.keras.read.LayerContext;
import dev.rosetta.formats.keras.read.Shapes;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code DepthwiseConv2D}: a {@code Conv} with {@code group} = input channels whose weight is the
 * Keras {@code depthwise_kernel} as stored, tagged {@code HWCM} (output channel {@code c*M + m}).
 */
public final class DepthwiseConvLayer extends KernelLayer {
    public DepthwiseConvLayer() {
        super("depthwise_kernel");
    }

    @Override
    public List<Value> build(LayerContext ctx) {
        LayerConfig cfg = ctx.config();
        ConvGeometry g = ConvGeometry.conv(cfg, 2);
        Value x = SpatialInput.of(ctx, 2);
        Value y = depthwise(ctx, g, x, cfg.integer("depth_multiplier", 1), cfg.bool("use_bias", true));
        return List.of(ctx.activation(y, cfg.activation("activation")));
    }

    /** The depthwise convolution shared with {@code SeparableConv2D}. */
    static Value depthwise(LayerContext ctx, ConvGeometry g, Value x, long multiplier, boolean bias) {
        if (multiplier <= 0) {
            throw ctx.bad("expected a positive depth_multiplier, found " + multiplier);
        }
        long in = SpatialInput.channels(x, 2, g.channelsFirst());
        Value w = ctx.weight("depthwise_kernel", new long[] {g.kernel()[0], g.kernel()[1], in, multiplier}, Layout.HWCM,
                "kernel_size " + g.describeKernel() + ", input channels, depth_multiplier " + multiplier);
        long channels = w.shape().dims().get(2) instanceof dev.rosetta.ir.Dim.Fixed f ? f.size() : -1;
        List<Value> ins = new ArrayList<>(List.of(x, w));
        if (bias) {
            ins.add(ctx.weight("bias", new long[] {channels * multiplier}, Layout.NONE,
                    "input channels x depth_multiplier"));
        }
        Attrs a = g.attributes(Attrs.of(), x.shape()).ints("dilations", g.dilations()).i("group", channels);
        return ctx.emit("Conv", ins, a.build(),
                Shapes.spatial(x.shape(), g.channelsFirst(), g.outSizes(x.shape()), channels * multiplier),
                Shapes.layoutTag(4, g.channelsFirst()));
    }
}
