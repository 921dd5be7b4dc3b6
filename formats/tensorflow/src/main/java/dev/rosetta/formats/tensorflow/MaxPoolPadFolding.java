package dev.rosetta.formats.tensorflow;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Value;
import java.util.List;

/**
 * Folds a {@code Pad} with {@code -inf} into the {@code MaxPool} that reads it. TensorFlow's max
 * pool has no explicit padding, so a graph that needs PyTorch's (a ResNet stem's 3x3 pool with
 * one pixel on each side, as Rosetta's own SavedModel writer emits it) pads with {@code -inf}
 * first; ONNX's {@code MaxPool} pads ignore the padded cells, which is the same function. Folded,
 * the pool converts to every target (a Keras writer has no {@code -inf} padding layer, but does
 * have a max pool with pads over a non-negative input).
 *
 * <p>Folded only where it is exactly the same: a constant pad of {@code -inf} on the two spatial
 * axes of a rank-4 map (by the pool's layout), every pad smaller than the kernel along its axis
 * (so no window is all padding), the pool itself unpadded, and the pad read by that pool alone.
 */
final class MaxPoolPadFolding {
    private MaxPoolPadFolding() {
    }

    /** Folds every such pair in {@code graph}; returns how many. */
    static int run(Graph graph) {
        int folded = 0;
        for (Node pool : List.copyOf(graph.nodes())) {
            if (pool.opType().equals("MaxPool") && fold(graph, pool)) {
                folded++;
            }
        }
        return folded;
    }

    private static boolean fold(Graph graph, Node pool) {
        Value padded = pool.input(0);
        Node pad = padded == null ? null : padded.producer();
        if (pad == null || !pad.opType().equals("Pad") || padded.uses().size() != 1
                || graph.outputs().contains(padded) || pad.inputs().size() != 1
                || !pad.attrString("mode", "constant").equals("constant")
                || pad.attrFloat("value", 0f) != Float.NEGATIVE_INFINITY) {
            return false;
        }
        long[] kernel = pool.attrInts("kernel_shape", null);
        long[] pads = pad.attrInts("pads", null);
        if (kernel == null || kernel.length != 2 || pads == null || pads.length != 8
                || !pool.attrString("auto_pad", "NOTSET").equals("NOTSET")
                || anyNonZero(pool.attrInts("pads", new long[4]))) {
            return false;
        }
        boolean channelsLast = Layout.NHWC.axes().equals(pool.attrString("layout", Layout.NCHW.axes()));
        int h = channelsLast ? 1 : 2;
        int c = channelsLast ? 3 : 1;
        if (pads[0] != 0 || pads[4] != 0 || pads[c] != 0 || pads[c + 4] != 0) {
            return false;
        }
        long[] spatial = {pads[h], pads[h + 1], pads[h + 4], pads[h + 5]};
        for (int i = 0; i < 4; i++) {
            if (spatial[i] < 0 || spatial[i] >= kernel[i % 2]) {
                return false;
            }
        }
        pool.replaceInputWith(0, pad.input(0));
        pool.setAttribute("pads", new Attribute.Ints(spatial));
        graph.removeNode(pad);
        return true;
    }

    private static boolean anyNonZero(long[] values) {
        for (long v : values) {
            if (v != 0) {
                return true;
            }
        }
        return false;
    }
}
