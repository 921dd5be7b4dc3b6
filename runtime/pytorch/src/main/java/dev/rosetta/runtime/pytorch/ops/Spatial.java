package dev.rosetta.runtime.pytorch.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.rosetta.error.InvalidGraphException;
import dev.rosetta.ir.Node;
import java.util.Arrays;

/**
 * Shared helpers of spatial ops: the {@code layout} attribute ({@code NCHW} by default; a
 * channels-last node is transposed to channels-first and back around the torch call) and the
 * padding attributes ({@code pads}, {@code auto_pad}).
 */
final class Spatial {
    private Spatial() {
    }

    /** True when the node declares a channels-last layout (NHWC, NWC, NDHWC). */
    static boolean channelsLast(Node node) {
        String layout = node.attrString("layout", "NCHW");
        return layout.length() >= 3 && layout.endsWith("C") && layout.charAt(1) != 'C';
    }

    /** Channels-last to channels-first: [0, r-1, 1, ..., r-2]. */
    static NDArray toFirst(NDArray x) {
        int r = x.getShape().dimension();
        int[] perm = new int[r];
        perm[1] = r - 1;
        for (int i = 2; i < r; i++) {
            perm[i] = i - 1;
        }
        return x.transpose(perm);
    }

    /** Channels-first to channels-last: [0, 2, ..., r-1, 1]. */
    static NDArray toLast(NDArray x) {
        int r = x.getShape().dimension();
        int[] perm = new int[r];
        for (int i = 1; i < r - 1; i++) {
            perm[i] = i + 1;
        }
        perm[r - 1] = 1;
        return x.transpose(perm);
    }

    /** The node's {@code input} in channels-first order. */
    static NDArray in(Node node, NDArray x) {
        return channelsLast(node) ? toFirst(x) : x;
    }

    /** A channels-first result back in the node's layout. */
    static NDArray out(Node node, NDArray y) {
        return channelsLast(node) ? toLast(y) : y;
    }

    /** An integer-list attribute of length {@code n}, or {@code fill} repeated. */
    static long[] ints(Node node, String key, int n, long fill) {
        long[] v = node.attrInts(key, null);
        if (v == null) {
            long[] d = new long[n];
            Arrays.fill(d, fill);
            return d;
        }
        if (v.length != n) {
            throw new InvalidGraphException("attribute '" + key + "' of node " + node.describe() + " has " + v.length
                    + " values; expected " + n);
        }
        return v;
    }

    /**
     * Begin and end pads per spatial axis ({@code [b1, b2, ..., e1, e2, ...]}, ONNX order), from
     * {@code pads} or resolved from {@code auto_pad} for a channels-first input.
     */
    static long[] pads(Node node, Shape inputNchw, long[] kernel, long[] strides, long[] dilations) {
        int n = kernel.length;
        String auto = node.attrString("auto_pad", "NOTSET");
        if (auto.equals("NOTSET")) {
            return ints(node, "pads", 2 * n, 0);
        }
        long[] pads = new long[2 * n];
        if (auto.equals("VALID")) {
            return pads;
        }
        if (!auto.equals("SAME_UPPER") && !auto.equals("SAME_LOWER")) {
            throw new InvalidGraphException("node " + node.describe() + " has auto_pad '" + auto
                    + "'; expected NOTSET, VALID, SAME_UPPER or SAME_LOWER");
        }
        for (int i = 0; i < n; i++) {
            long in = inputNchw.get(2 + i);
            long out = (in + strides[i] - 1) / strides[i];
            long total = Math.max(0, (out - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1 - in);
            long small = total / 2;
            long big = total - small;
            pads[i] = auto.equals("SAME_UPPER") ? small : big;
            pads[i + n] = auto.equals("SAME_UPPER") ? big : small;
        }
        return pads;
    }

    /** True when each axis pads equally at both ends. */
    static boolean symmetric(long[] pads) {
        int n = pads.length / 2;
        for (int i = 0; i < n; i++) {
            if (pads[i] != pads[i + n]) {
                return false;
            }
        }
        return true;
    }

    /** The begin pads as a DJL shape (for symmetric padding). */
    static Shape begins(long[] pads) {
        return new Shape(Arrays.copyOf(pads, pads.length / 2));
    }

    /**
     * Pads the spatial axes of a channels-first array explicitly ({@code torch.constant_pad_nd},
     * which takes begin/end pairs from the last axis backwards).
     */
    static NDArray padExplicit(NDArray x, long[] pads, double value) {
        int n = pads.length / 2;
        long[] torchPads = new long[2 * n];
        for (int i = 0; i < n; i++) {
            int axis = n - 1 - i;
            torchPads[2 * i] = pads[axis];
            torchPads[2 * i + 1] = pads[axis + n];
        }
        return x.pad(new Shape(torchPads), value);
    }
}
