package dev.rosetta.ir.pass;

import dev.rosetta.error.RosettaException;
import dev.rosetta.ir.Graph;
import java.util.ArrayList;
import java.util.List;

/** Runs passes in order, each as requires → run → ensures, and collects their logs. */
public final class PassManager {
    private final List<GraphPass> passes;

    public PassManager(List<GraphPass> passes) {
        this.passes = List.copyOf(passes);
    }

    /**
     * Runs every pass on {@code graph}.
     *
     * @return one result per pass, in order
     * @throws RosettaException from a pass, with the pass's name added as context
     */
    public List<PassResult> run(Graph graph) {
        List<PassResult> results = new ArrayList<>(passes.size());
        for (GraphPass p : passes) {
            try {
                p.requires(graph);
                results.add(p.run(graph));
                p.ensures(graph);
            } catch (RosettaException e) {
                throw e.addContext("while running pass '" + p.name() + "'");
            }
        }
        return results;
    }
}
