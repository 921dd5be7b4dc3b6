package dev.rosetta.layout.pass;

import dev.rosetta.error.InvalidGraphException;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Value;
import dev.rosetta.layout.Direction;
import dev.rosetta.layout.rules.OpKinds;

/**
 * The invariant the layout passes rely on and keep: a spatial op's data input and output, when
 * tagged with an activation layout, are tagged with the family its {@code layout} attribute names
 * (channels-first when absent). Tags are the source of truth, so a graph that contradicts itself is
 * rejected rather than guessed at.
 */
final class TagConsistency {
    private TagConsistency() {
    }

    /**
     * @throws InvalidGraphException naming the first spatial op whose tags contradict its layout
     */
    static void check(Graph graph, String when) {
        for (Node n : graph.nodes()) {
            if (!OpKinds.isSpatial(n.opType()) || (!n.domain().isEmpty() && !n.domain().equals("ai.onnx"))) {
                continue;
            }
            String attr = n.attrString("layout", null);
            boolean first;
            try {
                first = Direction.isChannelsFirstAttribute(attr);
            } catch (IllegalArgumentException e) {
                throw new InvalidGraphException("node " + n.describe() + ": " + e.getMessage());
            }
            for (Value v : new Value[] {n.input(0), n.output(0)}) {
                if (v == null) {
                    continue;
                }
                Layout l = v.layout();
                boolean tagged = l.isChannelsFirst() && l != Layout.NC || l.isChannelsLast();
                if (tagged && l.isChannelsFirst() != first) {
                    throw new InvalidGraphException("node " + n.describe() + " runs " + (attr == null ? "NCHW" : attr)
                            + " but its " + (v == n.output(0) ? "output" : "input") + " '" + v.name() + "' is tagged " + l
                            + " (" + when + ")");
                }
            }
        }
    }
}
