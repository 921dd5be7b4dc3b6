package dev.rosetta.formats.keras.read.layers;

import dev.rosetta.formats.keras.read.Attrs;
import dev.rosetta.formats.keras.read.LayerConfig;
import dev.rosetta.formats.keras.read.Shapes;
import dev.rosetta.ir.Shape;
import java.util.Arrays;

/**
 * The sliding-window geometry of a Keras convolution or pooling layer: window, strides, dilations,
 * padding mode and data format, turned into ONNX attributes and output sizes.
 *
 * <p>{@code valid} is no padding; {@code same} is TensorFlow's SAME, made explicit
 * ({@code pads}, the odd element at the end) whenever the sizes it needs are known and left as
 * {@code auto_pad=SAME_UPPER} otherwise; {@code causal} (Conv1D) pads {@code (k-1)*d} at the start.
 *
 * @param n the number of spatial dimensions
 * @param channelsFirst the data format
 * @param kernel window sizes
 * @param strides strides
 * @param dilations dilations
 * @param padding {@code valid}, {@code same} or {@code causal}
 */
record ConvGeometry(int n, boolean channelsFirst, long[] kernel, long[] strides, long[] dilations, String padding) {

    /** Reads a convolution's geometry ({@code kernel_size}, {@code strides}, {@code dilation_rate}). */
    static ConvGeometry conv(LayerConfig cfg, int n) {
        long[] ones = ones(n);
        long[] kernel = cfg.ints("kernel_size", n, null);
        if (kernel == null) {
            throw cfg.bad("kernel_size", "expected " + n + " integers, found nothing");
        }
        return of(cfg, n, kernel, cfg.ints("strides", n, ones), cfg.ints("dilation_rate", n, ones));
    }

    /** Reads a pool's geometry ({@code pool_size}, {@code strides} defaulting to the pool size). */
    static ConvGeometry pool(LayerConfig cfg, int n) {
        long[] pool = cfg.ints("pool_size", n, n == 1 ? new long[] {2} : new long[] {2, 2});
        return of(cfg, n, pool, cfg.ints("strides", n, pool), ones(n));
    }

    private static ConvGeometry of(LayerConfig cfg, int n, long[] kernel, long[] strides, long[] dilations) {
        for (int i = 0; i < n; i++) {
            if (kernel[i] <= 0 || strides[i] <= 0 || dilations[i] <= 0) {
                throw cfg.bad("expected positive window, strides and dilations, found window "
                        + Arrays.toString(kernel) + ", strides " + Arrays.toString(strides) + ", dilations "
                        + Arrays.toString(dilations));
            }
        }
        String padding = cfg.str("padding", "valid").toLowerCase(java.util.Locale.ROOT);
        if (!padding.equals("valid") && !padding.equals("same") && !(padding.equals("causal") && n == 1)) {
            throw cfg.bad("padding", "expected valid or same" + (n == 1 ? " or causal" : "") + ", found '" + padding + "'");
        }
        return new ConvGeometry(n, cfg.channelsFirst(), kernel, strides, dilations, padding);
    }

    private static long[] ones(int n) {
        long[] o = new long[n];
        Arrays.fill(o, 1);
        return o;
    }

    /** Explicit pads for an input of this shape, or {@code null} when SAME needs unknown sizes. */
    long[] pads(Shape in) {
        return switch (padding) {
            case "valid" -> new long[2 * n];
            case "causal" -> {
                long[] p = new long[2 * n];
                p[0] = (kernel[0] - 1) * dilations[0];
                yield p;
            }
            default -> Shapes.samePads(Shapes.spatialSizes(in, n, channelsFirst), kernel, strides, dilations);
        };
    }

    /** Adds {@code kernel_shape}, {@code strides}, {@code pads} (or {@code auto_pad}) and {@code layout}. */
    Attrs attributes(Attrs a, Shape in) {
        a.ints("kernel_shape", kernel).ints("strides", strides);
        long[] pads = pads(in);
        if (pads == null) {
            a.s("auto_pad", "SAME_UPPER");
        } else {
            a.ints("pads", pads);
        }
        return a.s("layout", Shapes.layoutName(n + 2, channelsFirst));
    }

    /** Output spatial sizes for an input of this shape (-1 where unknown). */
    long[] outSizes(Shape in) {
        long[] sizes = Shapes.spatialSizes(in, n, channelsFirst);
        long[] pads = pads(in);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = pads == null ? Shapes.sameOut(sizes[i], strides[i])
                    : Shapes.convOut(sizes[i], kernel[i], strides[i], dilations[i], pads[i], pads[i + n]);
        }
        return out;
    }

    /** The window sizes as text for messages. */
    String describeKernel() {
        return Arrays.toString(kernel);
    }
}
