package dev.rosetta.formats.tensorflow;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Folds a grouped convolution written per group back into one {@code Conv} with {@code group}:
 * {@code Split} of the input along channels, {@code Split} of a constant HWIO filter along its
 * output channels, one {@code NHWC} {@code Conv} per part, {@code Concat} of their outputs along
 * channels, in order. That is how Rosetta's SavedModel writer emits a ResNeXt convolution (a
 * grouped {@code Conv2D} fails on TensorFlow's CPU kernels once fused), and how other tools write
 * grouped convolutions for TensorFlow; unfolded, the graph has no Keras layer and no PyTorch op.
 *
 * <p>Folded only where it is the same function: every part's convolution has the same attributes,
 * no bias and no other reader; each split output feeds exactly its own part. The first part's
 * {@code Conv} takes the whole input and filter and the concatenation's names (node and value, so
 * a graph output keeps its name); the rest goes.
 */
final class GroupedConvFolding {
    private GroupedConvFolding() {
    }

    /** Folds every such pattern in {@code graph}; returns how many. */
    static int run(Graph graph) {
        int folded = 0;
        for (Node concat : List.copyOf(graph.nodes())) {
            if (concat.opType().equals("Concat") && fold(graph, concat)) {
                folded++;
            }
        }
        return folded;
    }

    private static boolean fold(Graph graph, Node concat) {
        int parts = concat.inputs().size();
        Value joined = concat.output(0);
        if (parts < 2 || !channelAxis(concat.attrInt("axis", 0), joined)) {
            return false;
        }
        List<Node> convs = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            Value part = concat.input(i);
            Node conv = part == null ? null : part.producer();
            if (conv == null || !conv.opType().equals("Conv") || conv.inputs().size() != 2
                    || part.uses().size() != 1 || graph.outputs().contains(part)
                    || conv.attrInt("group", 1) != 1 || !Layout.NHWC.axes().equals(conv.attrString("layout", null))
                    || !sameAttributes(conv, convs.isEmpty() ? conv : convs.getFirst())) {
                return false;
            }
            convs.add(conv);
        }
        Node inputSplit = splitFeeding(convs, 0);
        Node filterSplit = splitFeeding(convs, 1);
        if (inputSplit == null || filterSplit == null
                || !channelAxis(inputSplit.attrInt("axis", -1), inputSplit.input(0))
                || filterSplit.attrInt("axis", -1) != 3 || !filterSplit.input(0).isConstant()
                || filterSplit.input(0).constant().rank() != 4) {
            return false;
        }
        Node first = convs.getFirst();
        Value filter = filterSplit.input(0);
        filter.setLayout(Layout.HWIO);
        first.replaceInputWith(0, inputSplit.input(0));
        first.replaceInputWith(1, filter);
        first.setAttribute("group", new Attribute.Int(parts));
        first.setName(concat.name());
        Value y = first.output(0);
        y.setShape(joined.shape());
        for (Value.Usage u : List.copyOf(joined.uses())) {
            u.node().replaceInputWith(u.index(), y);
        }
        graph.removeNode(concat);
        y.setName(joined.name());
        int output = graph.outputs().indexOf(joined);
        if (output >= 0) {
            graph.setOutput(output, y);
        }
        for (Node conv : convs.subList(1, parts)) {
            graph.removeNode(conv);
        }
        graph.removeNode(inputSplit);
        graph.removeNode(filterSplit);
        return true;
    }

    /**
     * The {@code Split} whose output {@code i} is input {@code which} of part {@code i}'s conv, for
     * every part and with no other reader; {@code null} when there is none.
     */
    private static Node splitFeeding(List<Node> convs, int which) {
        Node split = convs.getFirst().input(which).producer();
        if (split == null || !split.opType().equals("Split") || split.outputs().size() != convs.size()) {
            return null;
        }
        for (int i = 0; i < convs.size(); i++) {
            Value v = convs.get(i).input(which);
            if (v != split.output(i) || v.uses().size() != 1) {
                return null;
            }
        }
        return split;
    }

    /** True when {@code axis} is the channel axis (last) of the rank-4 NHWC value {@code v}. */
    private static boolean channelAxis(long axis, Value v) {
        return v.shape().hasRank() && v.shape().rank() == 4 && (axis == 3 || axis == -1);
    }

    private static boolean sameAttributes(Node a, Node b) {
        return a.attributes().equals(b.attributes());
    }
}
