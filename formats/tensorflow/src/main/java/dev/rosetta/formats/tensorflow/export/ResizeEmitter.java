package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Output;

/**
 * {@code Resize} of an image (rank 4, batch and channels unscaled): {@code ResizeNearestNeighbor} or
 * {@code ResizeBilinear} to the static output size, with the coordinate convention ONNX names:
 * {@code asymmetric} (nearest: {@code floor}) is TensorFlow's plain resize,
 * {@code half_pixel} (linear) and {@code tf_half_pixel_for_nn} (nearest: {@code floor}) its
 * {@code half_pixel_centers}, {@code align_corners} (nearest: {@code round_prefer_ceil}) its
 * {@code align_corners}. A Keras {@code UpSampling2D} is one of these. Sizes may be given for
 * every axis or for the two spatial ones ({@code axes}). TensorFlow derives the
 * coordinate scale from the sizes; ONNX uses the given scale, so a scale that does not give a whole
 * output size is refused rather than resized at a slightly different scale.
 */
final class ResizeEmitter implements TfEmitter {
    @Override
    public List<String> opTypes() {
        return List.of("Resize");
    }

    @Override
    public String check(Node n, EmitContext ctx) {
        String why = SpatialEmit.check(n, ctx);
        if (why != null) {
            return why;
        }
        if (n.inputs().size() != 1 || n.attribute("roi") != null) {
            return "sizes, scales or roi computed at run time";
        }
        if (tfOp(n) == null) {
            return "mode " + n.attrString("mode", "nearest") + " with coordinate_transformation_mode "
                    + n.attrString("coordinate_transformation_mode", "half_pixel") + " and nearest_mode "
                    + n.attrString("nearest_mode", "round_prefer_floor") + " (TensorFlow resizes nearest and bilinear"
                    + " with asymmetric, half-pixel or aligned corners)";
        }
        return outputHw(n) == null ? "an output size that is not known and whole (input size times scale)" : null;
    }

    /** {@code [op, align_corners, half_pixel_centers]}, or {@code null} when TensorFlow has no such resize. */
    private static Object[] tfOp(Node n) {
        String mode = n.attrString("mode", "nearest");
        String coords = n.attrString("coordinate_transformation_mode", "half_pixel");
        if (n.attrInt("antialias", 0) != 0) {
            return null;
        }
        if (mode.equals("linear")) {
            return switch (coords) {
                case "asymmetric" -> new Object[] {"ResizeBilinear", false, false};
                case "half_pixel" -> new Object[] {"ResizeBilinear", false, true};
                case "align_corners" -> new Object[] {"ResizeBilinear", true, false};
                default -> null;
            };
        }
        if (!mode.equals("nearest")) {
            return null;
        }
        String rounding = n.attrString("nearest_mode", "round_prefer_floor");
        return switch (coords) {
            case "asymmetric" -> rounding.equals("floor") ? new Object[] {"ResizeNearestNeighbor", false, false} : null;
            case "tf_half_pixel_for_nn" -> rounding.equals("floor")
                    ? new Object[] {"ResizeNearestNeighbor", false, true} : null;
            case "align_corners" -> rounding.equals("round_prefer_ceil")
                    ? new Object[] {"ResizeNearestNeighbor", true, false} : null;
            default -> null;
        };
    }

    /** The output's H and W when batch and channels keep their size and H, W are whole; else {@code null}. */
    private static long[] outputHw(Node n) {
        long[] hw = SpatialEmit.inputHw(n);
        boolean last = SpatialEmit.channelsLast(n);
        int h = last ? 1 : 2;
        int c = last ? 3 : 1;
        long[] sizes = n.attrInts("sizes", null);
        long[] axes = n.attrInts("axes", null);
        if (axes != null) {
            boolean spatial = sizes != null && sizes.length == 2 && Arrays.equals(axes, new long[] {h, h + 1});
            return spatial ? sizes.clone() : null;
        }
        if (sizes != null) {
            boolean keeps = sizes.length == 4 && sizes[0] == size(n, 0) && sizes[c] == size(n, c);
            return keeps ? new long[] {sizes[h], sizes[h + 1]} : null;
        }
        if (!(n.attribute("scales") instanceof Attribute.Floats f) || f.values().length != 4 || hw == null
                || f.values()[0] != 1f || f.values()[c] != 1f) {
            return null;
        }
        long[] out = new long[2];
        for (int i = 0; i < 2; i++) {
            double exact = hw[i] * (double) f.values()[h + i];
            if (exact != Math.floor(exact)) {
                return null;
            }
            out[i] = (long) exact;
        }
        return out;
    }

    /** The static size of axis {@code i} of the input, or -2 (no sizes entry matches it). */
    private static long size(Node n, int i) {
        Shape x = n.input(0).shape();
        return x.hasRank() && x.rank() == 4 && x.dim(i) instanceof Dim.Fixed f ? f.size() : -2;
    }

    @Override
    public void emit(Node n, EmitContext ctx) {
        Object[] op = tfOp(n);
        long[] hw = outputHw(n);
        Output<?> size = ctx.constant(Tensor.ofInts(new long[] {2}, (int) hw[0], (int) hw[1]), n.name() + "/size");
        Output<?> y = ctx.op((String) op[0], n.name()).addInput(SpatialEmit.input(n, ctx)).addInput(size)
                .setAttr("align_corners", (Boolean) op[1]).setAttr("half_pixel_centers", (Boolean) op[2])
                .build().output(0);
        SpatialEmit.output(n, ctx, y);
    }
}
