package dev.rosetta.formats.keras.write.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rosetta.formats.keras.write.ExportContext;
import dev.rosetta.formats.keras.write.KerasLayer;
import dev.rosetta.formats.keras.write.OpExporter;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import java.util.List;

/**
 * {@code Resize} of a channels-last 4-D tensor by integer factors on H and W to
 * {@code UpSampling2D}: nearest with {@code asymmetric} coordinates and {@code floor} rounding
 * (a repeat), or linear with {@code half_pixel} coordinates ({@code bilinear}).
 */
public final class ResizeExport implements OpExporter {
    @Override
    public void export(ExportContext ctx, Node node) {
        if (!ctx.requireChannelsLast(node)) {
            return;
        }
        float[] scales = null;
        if (node.attribute("scales") instanceof dev.rosetta.ir.Attribute.Floats f) {
            scales = f.values();
        } else if (node.input(2) != null && ctx.constant(node.input(2)) != null
                && ctx.constant(node.input(2)).elementCount() > 0) {
            scales = ctx.constant(node.input(2)).toFloatArray();
        } else if (node.input(3) != null && ctx.constant(node.input(3)) != null) {
            Tensor sizes = ctx.constant(node.input(3));
            long[] s = sizes.toLongArray();
            scales = new float[s.length];
            for (int i = 0; i < s.length; i++) {
                long in = ExportContext.size(node.input(0), i);
                scales[i] = in > 0 ? (float) s[i] / in : Float.NaN;
            }
        }
        String mode = node.attrString("mode", "nearest");
        String coord = node.attrString("coordinate_transformation_mode", "half_pixel");
        boolean nearest = mode.equals("nearest") && coord.equals("asymmetric")
                && node.attrString("nearest_mode", "round_prefer_floor").equals("floor");
        boolean bilinear = mode.equals("linear") && coord.equals("half_pixel");
        if (scales == null || scales.length != 4 || scales[0] != 1 || scales[3] != 1
                || scales[1] != Math.rint(scales[1]) || scales[2] != Math.rint(scales[2]) || scales[1] < 1
                || scales[2] < 1 || !nearest && !bilinear) {
            ctx.problem(node, "only a channels-last 2-D resize by integer factors, nearest (asymmetric, floor) or "
                    + "linear (half_pixel), has a Keras layer (UpSampling2D)");
            return;
        }
        KerasLayer in = ctx.in(node, 0);
        if (in == null) {
            return;
        }
        ObjectNode c = ctx.config();
        c.putArray("size").add((long) scales[1]).add((long) scales[2]);
        c.put("data_format", "channels_last");
        c.put("interpolation", nearest ? "nearest" : "bilinear");
        ctx.bind(node.output(0), ctx.add(ExportContext.layerName(node), "UpSampling2D", c, List.of(in)));
    }
}
