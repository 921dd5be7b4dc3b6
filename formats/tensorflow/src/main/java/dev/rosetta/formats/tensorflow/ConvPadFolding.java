package dev.rosetta.formats.tensorflow;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Value;
import java.util.List;

/**
 * Folds a zero {@code Pad} of the height and width into the convolution that reads it. TensorFlow
 * pads explicitly where its SAME is not the padding wanted (a PyTorch stride-2 convolution pads
 * both sides; TF-Slim and Rosetta's SavedModel writer emit {@code Pad} then a VALID {@code Conv2D});
 * ONNX and PyTorch keep such pads in the convolution, so the graph read back has the original's
 * shape (and a Keras model written from it one layer fewer).
 *
 * <p>Folded only where it is the same function: a constant-mode pad with value 0, of an NHWC
 * value, on H and W only, not negative, read by that one {@code Conv} (NHWC, explicit pads) alone,
 * and not a graph output.
 */
final class ConvPadFolding {
    private ConvPadFolding() {
    }

    /** Folds every such pair in {@code graph}; returns how many. */
    static int run(Graph graph) {
        int folded = 0;
        for (Node conv : List.copyOf(graph.nodes())) {
            if (conv.opType().equals("Conv") && fold(graph, conv)) {
                folded++;
            }
        }
        return folded;
    }

    private static boolean fold(Graph graph, Node conv) {
        Value padded = conv.input(0);
        Node pad = padded == null ? null : padded.producer();
        if (pad == null || !pad.opType().equals("Pad") || pad.inputs().size() != 1 || padded.uses().size() != 1
                || graph.outputs().contains(padded) || !pad.attrString("mode", "constant").equals("constant")
                || pad.attrFloat("value", 0f) != 0f
                || !Layout.NHWC.axes().equals(conv.attrString("layout", null))
                || !conv.attrString("auto_pad", "NOTSET").equals("NOTSET")) {
            return false;
        }
        long[] pads = pad.attrInts("pads", null);
        long[] convPads = conv.attrInts("pads", new long[4]);
        if (pads == null || pads.length != 8 || convPads.length != 4 || pads[0] != 0 || pads[3] != 0
                || pads[4] != 0 || pads[7] != 0) {
            return false;
        }
        long[] spatial = {pads[1], pads[2], pads[5], pads[6]};
        for (long p : spatial) {
            if (p < 0) {
                return false;
            }
        }
        long[] merged = new long[4];
        for (int i = 0; i < 4; i++) {
            merged[i] = convPads[i] + spatial[i];
        }
        conv.replaceInputWith(0, pad.input(0));
        conv.setAttribute("pads", new Attribute.Ints(merged));
        graph.removeNode(pad);
        return true;
    }
}
