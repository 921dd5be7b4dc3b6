package dev.rosetta.formats.keras.read;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Value;
import java.util.List;
import java.util.Map;

/**
 * A Keras model may hand a {@code channels_first} layer's output to a {@code channels_last} layer
 * (or the reverse): the second reads the same array with other axes as channels (a [N, 3, 10, 10]
 * map padded by a channels-last ZeroPadding2D gains rows on its "height" 3). The IR tags each value
 * with one layout, so such a value would be tagged channels-first by its producer and read as
 * channels-last by its consumer, which the layout passes refuse as a contradiction.
 *
 * <p>This pass gives the consumer its own view: an identity {@code Transpose} whose output, the same
 * array, is tagged with the consumer's layout. Computation is unchanged; when a layout pass moves
 * either side, the transpose composes with the change and becomes the permutation that keeps each
 * layer reading the axes it read in Keras.
 */
final class MixedDataFormats {
    private MixedDataFormats() {
    }

    /** Inserts a view wherever a layer with a {@code layout} reads a value tagged with the other family. */
    static int reconcile(Graph graph, java.util.function.UnaryOperator<String> unique) {
        int inserted = 0;
        for (Node n : List.copyOf(graph.nodes())) {
            String attr = n.attrString("layout", null);
            Value x = n.inputs().isEmpty() ? null : n.input(0);
            if (attr == null || x == null || attr.length() < 3) {
                continue;
            }
            Layout tag = x.layout();
            boolean first = attr.charAt(1) == 'C';
            boolean contradicts = first ? tag.isChannelsLast() : tag.isChannelsFirst() && tag != Layout.NC;
            if (!contradicts || tag.rank() != attr.length()) {
                continue;
            }
            Layout view = layoutOf(attr);
            if (view == null) {
                continue;
            }
            long[] identity = new long[attr.length()];
            for (int i = 0; i < identity.length; i++) {
                identity[i] = i;
            }
            Value viewed = new Value(unique.apply(x.name() + "/as_" + attr.toLowerCase(java.util.Locale.ROOT)),
                    x.dtype(), x.shape(), view);
            graph.insertBefore(n, new Node(viewed.name(), "Transpose", List.of(x), List.of(viewed),
                    Map.of("perm", new Attribute.Ints(identity))));
            n.replaceInputWith(0, viewed);
            inserted++;
        }
        return inserted;
    }

    private static Layout layoutOf(String axes) {
        for (Layout l : Layout.values()) {
            if (l.axes().equals(axes) && (l.isChannelsFirst() || l.isChannelsLast())) {
                return l;
            }
        }
        return null;
    }
}
