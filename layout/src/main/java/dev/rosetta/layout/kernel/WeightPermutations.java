package dev.rosetta.layout.kernel;

import dev.rosetta.ir.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * The named weight rearrangements between PyTorch/ONNX and Keras/TensorFlow layouts. Each comes
 * as a {@link WeightTransform} for a source shape (to record, invert, or apply later) and as a
 * {@code Tensor → Tensor} convenience that applies it with the cache-blocked {@link Transpose}.
 *
 * <p>Every size these need is given explicitly or read from the named axes of the source shape;
 * nothing is inferred by comparing dimension sizes.
 */
public final class WeightPermutations {
    /** OIHW → HWIO. */
    public static final Permutation OIHW_TO_HWIO = Permutation.of(2, 3, 1, 0);
    /** HWIO → OIHW. */
    public static final Permutation HWIO_TO_OIHW = OIHW_TO_HWIO.inverse();
    /** IOHW → HWOI (transposed convolution). */
    public static final Permutation IOHW_TO_HWOI = Permutation.of(2, 3, 1, 0);
    /** HWOI → IOHW (transposed convolution). */
    public static final Permutation HWOI_TO_IOHW = IOHW_TO_HWOI.inverse();
    /** OIW → WIO (1-D convolution). */
    public static final Permutation OIW_TO_WIO = Permutation.of(2, 1, 0);
    /** OI ⇄ IO (dense). */
    public static final Permutation SWAP_2D = Permutation.of(1, 0);

    private WeightPermutations() {
    }

    // ---- shape-level transforms ----------------------------------------------------------

    /** Convolution kernel (O, I, H, W) → (H, W, I, O). */
    public static WeightTransform oihwToHwio(long[] shape) {
        return WeightTransform.transpose("OIHW->HWIO", rank(shape, 4, "OIHW"), OIHW_TO_HWIO);
    }

    /** Convolution kernel (H, W, I, O) → (O, I, H, W). */
    public static WeightTransform hwioToOihw(long[] shape) {
        return WeightTransform.transpose("HWIO->OIHW", rank(shape, 4, "HWIO"), HWIO_TO_OIHW);
    }

    /** 1-D convolution kernel (O, I, W) → (W, I, O). */
    public static WeightTransform oiwToWio(long[] shape) {
        return WeightTransform.transpose("OIW->WIO", rank(shape, 3, "OIW"), OIW_TO_WIO);
    }

    /** 1-D convolution kernel (W, I, O) → (O, I, W). */
    public static WeightTransform wioToOiw(long[] shape) {
        return WeightTransform.transpose("WIO->OIW", rank(shape, 3, "WIO"), OIW_TO_WIO.inverse());
    }

    /** Transposed-convolution kernel (I, O, H, W) → (H, W, O, I). */
    public static WeightTransform iohwToHwoi(long[] shape) {
        return WeightTransform.transpose("IOHW->HWOI", rank(shape, 4, "IOHW"), IOHW_TO_HWOI);
    }

    /** Transposed-convolution kernel (H, W, O, I) → (I, O, H, W). */
    public static WeightTransform hwoiToIohw(long[] shape) {
        return WeightTransform.transpose("HWOI->IOHW", rank(shape, 4, "HWOI"), HWOI_TO_IOHW);
    }

    /** Dense weight (out, in) → (in, out). */
    public static WeightTransform oiToIo(long[] shape) {
        return WeightTransform.transpose("OI->IO", rank(shape, 2, "OI"), SWAP_2D);
    }

    /** Dense weight (in, out) → (out, in). */
    public static WeightTransform ioToOi(long[] shape) {
        return WeightTransform.transpose("IO->OI", rank(shape, 2, "IO"), SWAP_2D);
    }

    /**
     * Depthwise kernel as ONNX holds it, (C·M, 1, H, W) with output channel {@code c·M + m}, →
     * Keras's (H, W, C, M).
     *
     * @param channels C, the number of input channels (the convolution's {@code group})
     */
    public static WeightTransform depthwiseOihwToHwcm(long[] shape, long channels) {
        rank(shape, 4, "depthwise OIHW");
        if (shape[1] != 1 || channels <= 0 || shape[0] % channels != 0) {
            throw new IllegalArgumentException("depthwise OIHW kernel " + Arrays.toString(shape)
                    + " must be (C*M, 1, H, W) with C = " + channels);
        }
        long m = shape[0] / channels;
        long[] view = {channels, m, shape[2], shape[3]};
        Permutation p = Permutation.of(2, 3, 0, 1);
        return new WeightTransform("depthwise OIHW->HWCM", shape, List.of(new TransformStep(view, p)), p.apply(view));
    }

    /** Keras depthwise kernel (H, W, C, M) → ONNX's (C·M, 1, H, W). */
    public static WeightTransform hwcmToDepthwiseOihw(long[] shape) {
        rank(shape, 4, "HWCM");
        Permutation p = Permutation.of(2, 3, 0, 1);
        long[] target = {Math.multiplyExact(shape[2], shape[3]), 1, shape[0], shape[1]};
        return new WeightTransform("depthwise HWCM->OIHW", shape, List.of(new TransformStep(shape, p)), target);
    }

    /**
     * The flatten-row permutation: a dense weight whose input features are a flattened
     * (C, H, W) map, re-ordered so the features follow a flattened (H, W, C) map.
     *
     * @param shape the 2-D weight shape
     * @param featureAxis 1 for an (out, in) weight (Gemm transB=1), 0 for (in, out) (MatMul)
     * @param c channels, {@code h} height, {@code w} width of the map that was flattened
     */
    public static WeightTransform flattenChwToHwc(long[] shape, int featureAxis, long c, long h, long w) {
        return flatten("flatten CHW->HWC", shape, featureAxis, new long[] {c, h, w}, Permutation.of(1, 2, 0));
    }

    /** The inverse of {@link #flattenChwToHwc}: features of a flattened (H, W, C) map → (C, H, W). */
    public static WeightTransform flattenHwcToChw(long[] shape, int featureAxis, long c, long h, long w) {
        return flatten("flatten HWC->CHW", shape, featureAxis, new long[] {h, w, c}, Permutation.of(2, 0, 1));
    }

    /**
     * The flatten permutation for any spatial rank: features of a flattened map with axes
     * {@code mapAxes} (in their current order) re-ordered by {@code mapPerm}.
     */
    public static WeightTransform flatten(String label, long[] shape, int featureAxis, long[] mapAxes, Permutation mapPerm) {
        rank(shape, 2, "dense");
        if (featureAxis != 0 && featureAxis != 1) {
            throw new IllegalArgumentException("feature axis of a dense weight is 0 or 1, not " + featureAxis);
        }
        long features = Tensor.elementCount(mapAxes);
        if (shape[featureAxis] != features) {
            throw new IllegalArgumentException(label + ": weight " + Arrays.toString(shape) + " has "
                    + shape[featureAxis] + " input features on axis " + featureAxis + ", but the map "
                    + Arrays.toString(mapAxes) + " flattens to " + features);
        }
        int k = mapAxes.length;
        long[] view = new long[k + 1];
        int[] perm = new int[k + 1];
        int off = featureAxis == 1 ? 1 : 0;
        if (featureAxis == 1) {
            view[0] = shape[0];
            perm[0] = 0;
        } else {
            view[k] = shape[1];
            perm[k] = k;
        }
        for (int i = 0; i < k; i++) {
            view[off + i] = mapAxes[i];
            perm[off + i] = off + mapPerm.get(i);
        }
        return new WeightTransform(label, shape, List.of(new TransformStep(view, Permutation.of(perm))), shape);
    }

    // ---- tensor conveniences -------------------------------------------------------------

    public static Tensor oihwToHwio(Tensor t) {
        return oihwToHwio(t.shape()).apply(t);
    }

    public static Tensor hwioToOihw(Tensor t) {
        return hwioToOihw(t.shape()).apply(t);
    }

    public static Tensor iohwToHwoi(Tensor t) {
        return iohwToHwoi(t.shape()).apply(t);
    }

    public static Tensor hwoiToIohw(Tensor t) {
        return hwoiToIohw(t.shape()).apply(t);
    }

    public static Tensor oiToIo(Tensor t) {
        return oiToIo(t.shape()).apply(t);
    }

    public static Tensor ioToOi(Tensor t) {
        return ioToOi(t.shape()).apply(t);
    }

    public static Tensor depthwiseOihwToHwcm(Tensor t, long channels) {
        return depthwiseOihwToHwcm(t.shape(), channels).apply(t);
    }

    public static Tensor hwcmToDepthwiseOihw(Tensor t) {
        return hwcmToDepthwiseOihw(t.shape()).apply(t);
    }

    public static Tensor flattenChwToHwc(Tensor t, int featureAxis, long c, long h, long w) {
        return flattenChwToHwc(t.shape(), featureAxis, c, h, w).apply(t);
    }

    public static Tensor flattenHwcToChw(Tensor t, int featureAxis, long c, long h, long w) {
        return flattenHwcToChw(t.shape(), featureAxis, c, h, w).apply(t);
    }

    private static long[] rank(long[] shape, int rank, String what) {
        if (shape.length != rank) {
            throw new IllegalArgumentException(what + " weight must have rank " + rank + ", got shape "
                    + Arrays.toString(shape));
        }
        return shape;
    }
}
