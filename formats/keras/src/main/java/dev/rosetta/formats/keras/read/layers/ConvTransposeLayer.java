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
 * {@code Conv2DTranspose}: an ONNX {@code ConvTranspose} whose weight is the Keras kernel as stored,
 * {@code (H, W, out, in)}, tagged {@code HWOI}.
 *
 * <p>Keras's output length is {@code in*s} for {@code same} and {@code in*s + max(k-s, 0)} for
 * {@code valid} (or {@code (in-1)*s + k - 2*pad + output_padding} when {@code output_padding} is
 * set); TensorFlow crops the full transposed convolution ({@code (in-1)*s + k}) starting at
 * {@code floor(total/2)} for SAME. Both differences from the full length do not depend on the input
 * size, so they become static {@code pads} and {@code output_padding}.
 */
public final class ConvTransposeLayer extends KernelLayer {
    public ConvTransposeLayer() {
        super("kernel");
    }

    @Override
    public List<Value> build(LayerContext ctx) {
        LayerConfig cfg = ctx.config();
        ConvGeometry g = ConvGeometry.conv(cfg, 2);
        Value x = SpatialInput.of(ctx, 2);
        long filters = positive(ctx, "filters");
        long in = SpatialInput.channels(x, 2, g.channelsFirst());
        Value w = ctx.weight("kernel", new long[] {g.kernel()[0], g.kernel()[1], filters, in}, Layout.HWOI,
                "kernel_size " + g.describeKernel() + ", filters " + filters + ", input channels");
        List<Value> ins = new ArrayList<>(List.of(x, w));
        bias(ctx, ins, filters, "filters " + filters);
        long[] outputPadding = cfg.ints("output_padding", 2, null);
        long[] pads = new long[4];
        long[] extra = new long[2];
        long[] sizes = Shapes.spatialSizes(x.shape(), 2, g.channelsFirst());
        long[] out = new long[2];
        for (int i = 0; i < 2; i++) {
            long s = g.strides()[i];
            long eff = (g.kernel()[i] - 1) * g.dilations()[i] + 1;
            boolean same = g.padding().equals("same");
            // t = full length minus Keras's length; independent of the input length.
            long t;
            if (outputPadding == null) {
                t = same ? eff - s : (eff - s) - Math.max(eff - s, 0);
            } else {
                long pad = same ? eff / 2 : 0;
                t = 2 * pad - outputPadding[i];
            }
            long begin = same ? Math.max(t, 0) / 2 : 0;
            long end = t - begin;
            if (end < 0) {
                extra[i] = -end;
                end = 0;
            }
            pads[i] = begin;
            pads[i + 2] = end;
            out[i] = sizes[i] < 0 ? -1 : (sizes[i] - 1) * s + eff - t;
        }
        Attrs a = Attrs.of().ints("kernel_shape", g.kernel()).ints("strides", g.strides()).ints("dilations", g.dilations())
                .ints("pads", pads).s("layout", Shapes.layoutName(4, g.channelsFirst()));
        if (extra[0] != 0 || extra[1] != 0) {
            a.ints("output_padding", extra);
        }
        Value y = ctx.emit("ConvTranspose", ins, a.build(), Shapes.spatial(x.shape(), g.channelsFirst(), out, filters),
                Shapes.layoutTag(4, g.channelsFirst()));
        return List.of(ctx.activation(y, cfg.activation("activation")));
    }
}
