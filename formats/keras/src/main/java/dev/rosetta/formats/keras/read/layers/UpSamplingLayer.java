package dev.rosetta.formats.keras.read.layers;

import dev.rosetta.formats.keras.read.Attrs;
import dev.rosetta.formats.keras.read.LayerConfig;
import dev.rosetta.formats.keras.read.LayerContext;
import dev.rosetta.formats.keras.read.LayerMapping;
import dev.rosetta.formats.keras.read.Shapes;
import dev.rosetta.ir.Value;
import java.util.List;

/**
 * {@code UpSampling1D/2D}: ONNX {@code Resize} with static {@code scales} (in the tensor's own axis
 * order). Nearest is Keras's repeat: {@code coordinate_transformation_mode=asymmetric},
 * {@code nearest_mode=floor}; bilinear follows TensorFlow 2's {@code tf.image.resize}
 * ({@code half_pixel}).
 */
public final class UpSamplingLayer implements LayerMapping {
    @Override
    public List<String> unsupported(LayerConfig cfg) {
        String mode = cfg.str("interpolation", "nearest");
        return mode.equals("nearest") || mode.equals("bilinear") ? List.of()
                : List.of("interpolation '" + mode + "' is not supported (nearest, bilinear are)");
    }

    @Override
    public List<Value> build(LayerContext ctx) {
        LayerConfig cfg = ctx.config();
        int n = SpatialInput.dims(cfg.className());
        boolean cf = n > 1 && cfg.channelsFirst();
        Value x = SpatialInput.of(ctx, n);
        long[] size = cfg.ints("size", n, n == 1 ? new long[] {2} : new long[] {2, 2});
        int rank = n + 2;
        float[] scales = new float[rank];
        java.util.Arrays.fill(scales, 1f);
        long[] sizes = Shapes.spatialSizes(x.shape(), n, cf);
        for (int i = 0; i < n; i++) {
            if (size[i] <= 0) {
                throw cfg.bad("size", "expected positive factors, found " + java.util.Arrays.toString(size));
            }
            scales[Shapes.spatialAxis(i, cf)] = size[i];
            sizes[i] = sizes[i] < 0 ? -1 : sizes[i] * size[i];
        }
        boolean nearest = cfg.str("interpolation", "nearest").equals("nearest");
        Attrs a = Attrs.of().floats("scales", scales)
                .s("mode", nearest ? "nearest" : "linear")
                .s("coordinate_transformation_mode", nearest ? "asymmetric" : "half_pixel")
                .s("layout", Shapes.layoutName(rank, cf));
        if (nearest) {
            a.s("nearest_mode", "floor");
        }
        return List.of(ctx.emit("Resize", List.of(x), a.build(), Shapes.spatial(x.shape(), cf, sizes, -1),
                Shapes.layoutTag(rank, cf)));
    }
}
