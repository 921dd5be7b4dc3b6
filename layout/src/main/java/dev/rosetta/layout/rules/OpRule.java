package dev.rosetta.layout.rules;

import dev.rosetta.ir.Node;

/**
 * How one operator (or a family with one shape of rewrite) moves to the target layout. A rule
 * first says whether it can ({@link #refusal}, which changes nothing), then rewrites the node: its
 * activation inputs through {@link RewriteContext#useTarget}, its attributes and constant
 * parameters, and its activation outputs through {@link RewriteContext#convertOutput}. A node
 * whose rule refuses keeps its source layout and gets boundary transposes.
 */
public interface OpRule {
    /** Why {@code node} cannot be rewritten, or {@code null} when it can. Must not change anything. */
    String refusal(Node node, RewriteContext ctx);

    /** Rewrites {@code node} into the target layout; called only after {@link #refusal} returned null. */
    void rewrite(Node node, RewriteContext ctx);

    /**
     * Whether to rewrite {@code node} even when none of its activation inputs is in the target
     * layout yet: true for spatial ops (the point of the conversion), false for ops that merely
     * follow their inputs.
     */
    default boolean convertsAlone(Node node, RewriteContext ctx) {
        return false;
    }
}
