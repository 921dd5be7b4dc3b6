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
 * {@code Conv1D} and {@code Conv2D}: an ONNX {@code Conv} that keeps the Keras kernel as stored
 * ({@code WIO} / {@code HWIO}, tagged so), with {@code group} from {@code groups}, then the
 * activation.
 */
public final class ConvLayer extends KernelLayer {
    public ConvLayer() {
        super("kernel");
    }

    @Override
    public List<Value> build(LayerContext ctx) {
        LayerConfig cfg = ctx.config();
        int n = SpatialInput.dims(cfg.className());
        ConvGeometry g = ConvGeometry.conv(cfg, n);
        Value x = SpatialInput.of(ctx, n);
        long filters = positive(ctx, "filters");
        long groups = cfg.has("groups") ? positive(ctx, "groups") : 1;
        long in = SpatialInput.channels(x, n, g.channelsFirst());
        if (in > 0 && in % groups != 0) {
            throw ctx.bad("input channels " + in + " are not divisible by groups " + groups);
        }
        long[] kshape = new long[n + 2];
        System.arraycopy(g.kernel(), 0, kshape, 0, n);
        kshape[n] = in > 0 ? in / groups : -1;
        kshape[n + 1] = filters;
        Value w = ctx.weight("kernel", kshape, n == 1 ? Layout.WIO : Layout.HWIO,
                "kernel_size " + g.describeKernel() + ", input channels / groups, filters " + filters);
        List<Value> ins = new ArrayList<>(List.of(x, w));
        bias(ctx, ins, filters, "filters " + filters);
        Attrs a = g.attributes(Attrs.of(), x.shape()).ints("dilations", g.dilations()).i("group", groups);
        Value y = ctx.emit("Conv", ins, a.build(), Shapes.spatial(x.shape(), g.channelsFirst(), g.outSizes(x.shape()), filters),
                Shapes.layoutTag(n + 2, g.channelsFirst()));
        return List.of(ctx.activation(y, cfg.activation("activation")));
    }
}
