package dev.rosetta.formats.tensorflow;

import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Value;
import java.util.List;

/**
 * Folds a channels-last {@code BiasAdd} (imported as {@code Add} of a 1-D constant) into the
 * convolution it follows, as the convolution's bias input. TensorFlow keeps a layer's bias as a
 * separate op; ONNX and PyTorch keep it in the convolution. Unfolded, a layout change to
 * channels-first had to reshape the bias to {@code [C, 1, 1]} to broadcast it, so a state dict
 * written from a TensorFlow model held {@code [C, 1, 1]} biases that PyTorch's {@code Conv2d} does
 * not load.
 *
 * <p>Folded only where it is the same function: an {@code NHWC} {@code Conv} or
 * {@code ConvTranspose} without a bias whose output only that {@code Add} reads (and is not a
 * graph output), the other operand a constant of shape {@code [C]} for the output's {@code C}
 * channels. The {@code Add} goes; its readers read the convolution's output.
 */
final class ConvBiasFolding {
    private ConvBiasFolding() {
    }

    /** Folds every such pair in {@code graph}; returns how many. */
    static int run(Graph graph) {
        int folded = 0;
        for (Node conv : List.copyOf(graph.nodes())) {
            if ((conv.opType().equals("Conv") || conv.opType().equals("ConvTranspose")) && fold(graph, conv)) {
                folded++;
            }
        }
        return folded;
    }

    private static boolean fold(Graph graph, Node conv) {
        Value y = conv.output(0);
        if (conv.inputs().size() != 2 || !Layout.NHWC.axes().equals(conv.attrString("layout", null))
                || y.uses().size() != 1 || graph.outputs().contains(y)) {
            return false;
        }
        Node add = y.uses().getFirst().node();
        if (!add.opType().equals("Add") || add.inputs().size() != 2 || graph.outputs().contains(add.output(0))) {
            return false;
        }
        Value bias = add.input(1 - y.uses().getFirst().index());
        long channels = channels(y.shape());
        if (bias == null || !bias.isConstant() || bias.constant().rank() != 1 || channels < 0
                || bias.constant().shape()[0] != channels || bias.dtype() != y.dtype()) {
            return false;
        }
        Value sum = add.output(0);
        graph.removeNode(add);
        conv.addInput(bias);
        for (Value.Usage u : List.copyOf(sum.uses())) {
            u.node().replaceInputWith(u.index(), y);
        }
        return true;
    }

    /** The channel count of a rank-4 NHWC shape, or -1 when it is not known. */
    private static long channels(Shape s) {
        return s.hasRank() && s.rank() == 4 && s.dim(3) instanceof Dim.Fixed f ? f.size() : -1;
    }
}
