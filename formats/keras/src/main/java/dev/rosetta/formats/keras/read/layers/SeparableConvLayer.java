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
 * {@code SeparableConv2D}: the depthwise {@code Conv} (weight {@code depthwise_kernel}, HWCM, no
 * bias) followed by a 1x1 {@code Conv} (weight {@code pointwise_kernel}, HWIO, with the bias), then
 * the activation.
 */
public final class SeparableConvLayer extends KernelLayer {
    public SeparableConvLayer() {
        super("depthwise_kernel", "pointwise_kernel");
    }

    @Override
    public List<Value> build(LayerContext ctx) {
        LayerConfig cfg = ctx.config();
        ConvGeometry g = ConvGeometry.conv(cfg, 2);
        Value x = SpatialInput.of(ctx, 2);
        long filters = positive(ctx, "filters");
        long m = cfg.integer("depth_multiplier", 1);
        Value d = DepthwiseConvLayer.depthwise(ctx, g, x, m, false);
        long mid = SpatialInput.channels(d, 2, g.channelsFirst());
        Value pw = ctx.weight("pointwise_kernel", new long[] {1, 1, mid, filters}, Layout.HWIO,
                "input channels x depth_multiplier, filters " + filters);
        List<Value> ins = new ArrayList<>(List.of(d, pw));
        bias(ctx, ins, filters, "filters " + filters);
        Attrs a = Attrs.of().ints("kernel_shape", 1, 1).ints("strides", 1, 1).ints("pads", 0, 0, 0, 0)
                .s("layout", Shapes.layoutName(4, g.channelsFirst()));
        long[] sizes = Shapes.spatialSizes(d.shape(), 2, g.channelsFirst());
        Value y = ctx.emit("Conv", ins, a.build(), Shapes.spatial(d.shape(), g.channelsFirst(), sizes, filters),
                Shapes.layoutTag(4, g.channelsFirst()));
        return List.of(ctx.activation(y, cfg.activation("activation")));
    }
}
