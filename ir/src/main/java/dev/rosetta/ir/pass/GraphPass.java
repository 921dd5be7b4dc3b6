package dev.rosetta.ir.pass;

import dev.rosetta.ir.Graph;

/**
 * A transformation of a {@link Graph} with a stated contract.
 *
 * <p>{@link #requires(Graph)} checks the preconditions and throws when they do not hold;
 * {@link #run(Graph)} transforms the graph and says what it changed; {@link #ensures(Graph)}
 * checks the postconditions. {@link PassManager} calls the three in order.
 */
public interface GraphPass {
    /** A short name used in logs, e.g. {@code "cancel-transposes"}. */
    String name();

    /** Throws a {@link dev.rosetta.error.RosettaException} when the graph is not fit for this pass. */
    default void requires(Graph graph) {
    }

    /** Transforms the graph in place. */
    PassResult run(Graph graph);

    /** Throws when the pass did not leave the graph as promised. */
    default void ensures(Graph graph) {
    }
}
