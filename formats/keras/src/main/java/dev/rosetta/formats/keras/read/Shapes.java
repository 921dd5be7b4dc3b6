package dev.rosetta.formats.keras.read;

import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Shape arithmetic for building Keras layers: spatial layouts by rank and data format, TensorFlow's
 * {@code SAME} padding, and output sizes of convolutions and pools. Unknown sizes stay symbolic.
 */
public final class Shapes {
    /** The symbol used for the batch dimension. */
    public static final String BATCH = "N";

    private Shapes() {
    }

    /** A shape from Keras sizes, where -1 (a JSON null) becomes an anonymous symbol. */
    public static Shape fromKeras(long[] sizes, boolean firstIsBatch) {
        List<Dim> dims = new ArrayList<>(sizes.length);
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] >= 0) {
                dims.add(Dim.of(sizes[i]));
            } else {
                dims.add(Dim.symbol(i == 0 && firstIsBatch ? BATCH : ""));
            }
        }
        return new Shape(dims);
    }

    /** The size of a dimension, or -1 when unknown (or the rank is unknown). */
    public static long size(Shape s, int axis) {
        if (!s.hasRank()) {
            return -1;
        }
        int r = s.rank();
        int a = axis < 0 ? axis + r : axis;
        if (a < 0 || a >= r) {
            return -1;
        }
        return s.dims().get(a) instanceof Dim.Fixed f ? f.size() : -1;
    }

    /** The rank, or -1 when unknown. */
    public static int rank(Shape s) {
        return s.hasRank() ? s.rank() : -1;
    }

    /** The {@code layout} attribute string for a spatial op on a tensor of this rank. */
    public static String layoutName(int rank, boolean channelsFirst) {
        return switch (rank) {
            case 2 -> "NC";
            case 3 -> channelsFirst ? "NCW" : "NWC";
            case 5 -> channelsFirst ? "NCDHW" : "NDHWC";
            default -> channelsFirst ? "NCHW" : "NHWC";
        };
    }

    /** The layout tag of an activation of this rank. */
    public static Layout layoutTag(int rank, boolean channelsFirst) {
        return switch (rank) {
            case 2 -> Layout.NC;
            case 3 -> channelsFirst ? Layout.NCW : Layout.NWC;
            case 4 -> channelsFirst ? Layout.NCHW : Layout.NHWC;
            case 5 -> channelsFirst ? Layout.NCDHW : Layout.NDHWC;
            default -> Layout.UNKNOWN;
        };
    }

    /** The channel axis of a spatial tensor of rank {@code rank}. */
    public static int channelAxis(int rank, boolean channelsFirst) {
        return channelsFirst ? 1 : rank - 1;
    }

    /** The axis of spatial dimension {@code i} (0-based). */
    public static int spatialAxis(int i, boolean channelsFirst) {
        return channelsFirst ? 2 + i : 1 + i;
    }

    /**
     * TensorFlow {@code SAME} pads, ONNX order {@code [b1..bn, e1..en]}: the total is split with the
     * extra element at the end. Returns {@code null} when a size it needs is unknown.
     */
    public static long[] samePads(long[] in, long[] kernel, long[] strides, long[] dilations) {
        int n = kernel.length;
        long[] pads = new long[2 * n];
        for (int i = 0; i < n; i++) {
            long eff = (kernel[i] - 1) * dilations[i] + 1;
            long total;
            if (strides[i] == 1) {
                total = eff - 1;
            } else {
                if (in[i] < 0) {
                    return null;
                }
                long out = (in[i] + strides[i] - 1) / strides[i];
                total = Math.max(0, (out - 1) * strides[i] + eff - in[i]);
            }
            pads[i] = total / 2;
            pads[i + n] = total - total / 2;
        }
        return pads;
    }

    /** Output size of a convolution or pool along one axis; -1 when the input is unknown. */
    public static long convOut(long in, long kernel, long stride, long dilation, long padBegin, long padEnd) {
        if (in < 0) {
            return -1;
        }
        long eff = (kernel - 1) * dilation + 1;
        long out = (in + padBegin + padEnd - eff) / stride + 1;
        return Math.max(out, 0);
    }

    /** Output size with {@code SAME} padding when the pads could not be made explicit. */
    public static long sameOut(long in, long stride) {
        return in < 0 ? -1 : (in + stride - 1) / stride;
    }

    /**
     * The shape of a spatial op's output: batch as the input's, the spatial sizes given, and
     * {@code channels} (-1 to keep the input's).
     */
    public static Shape spatial(Shape in, boolean channelsFirst, long[] spatialSizes, long channels) {
        int n = spatialSizes.length;
        int rank = n + 2;
        List<Dim> dims = new ArrayList<>(rank);
        for (int i = 0; i < rank; i++) {
            dims.add(Dim.symbol(""));
        }
        if (in.hasRank() && in.rank() == rank) {
            dims.set(0, in.dims().get(0));
        } else {
            dims.set(0, Dim.symbol(BATCH));
        }
        int ch = channelAxis(rank, channelsFirst);
        long c = channels >= 0 ? channels : size(in, ch);
        dims.set(ch, c >= 0 ? Dim.of(c) : Dim.symbol(""));
        for (int i = 0; i < n; i++) {
            dims.set(spatialAxis(i, channelsFirst), spatialSizes[i] >= 0 ? Dim.of(spatialSizes[i]) : Dim.symbol(""));
        }
        return new Shape(dims);
    }

    /** The spatial sizes of a spatial tensor (-1 where unknown). */
    public static long[] spatialSizes(Shape s, int n, boolean channelsFirst) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = rank(s) == n + 2 ? size(s, spatialAxis(i, channelsFirst)) : -1;
        }
        return out;
    }

    /** {@code in} with its last dimension replaced by {@code last}. */
    public static Shape withLast(Shape in, long last) {
        if (!in.hasRank() || in.rank() == 0) {
            return Shape.UNKNOWN_RANK;
        }
        List<Dim> dims = new ArrayList<>(in.dims());
        dims.set(dims.size() - 1, last >= 0 ? Dim.of(last) : Dim.symbol(""));
        return new Shape(dims);
    }

    /** Batch dimension of {@code in} followed by the given sizes (-1 unknown). */
    public static Shape batchAnd(Shape in, long... rest) {
        List<Dim> dims = new ArrayList<>();
        dims.add(in.hasRank() && in.rank() > 0 ? in.dims().get(0) : Dim.symbol(BATCH));
        for (long r : rest) {
            dims.add(r >= 0 ? Dim.of(r) : Dim.symbol(""));
        }
        return new Shape(dims);
    }

    /** The product of the non-batch sizes, or -1 when any is unknown. */
    public static long featureCount(Shape in) {
        if (!in.hasRank()) {
            return -1;
        }
        long n = 1;
        for (int i = 1; i < in.rank(); i++) {
            long s = size(in, i);
            if (s < 0) {
                return -1;
            }
            n = Math.multiplyExact(n, s);
        }
        return n;
    }
}
