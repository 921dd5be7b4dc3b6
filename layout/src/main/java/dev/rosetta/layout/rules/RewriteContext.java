package dev.rosetta.layout.rules;

import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import dev.rosetta.layout.Direction;
import dev.rosetta.layout.kernel.Permutation;
import dev.rosetta.layout.kernel.WeightTransform;

/**
 * What an {@link OpRule} may ask of the layout rewrite it runs in. An <em>activation</em> is a
 * non-constant value whose layout tag is one of the direction's source layouts (NCHW when going
 * channels-last), whether or not it has been converted yet; its <em>source layout</em> is that
 * tag. Rules decide from tags and op semantics only, never from dimension sizes.
 */
public interface RewriteContext {
    Direction direction();

    Graph graph();

    /** True for a source-layout activation, converted or not. */
    boolean isActivation(Value v);

    /** The source layout of an activation. */
    Layout sourceLayout(Value v);

    /** An activation's shape in its source layout (undoing the permutation if it was converted). */
    dev.rosetta.ir.Shape sourceShape(Value v);

    /** True when an activation already holds the target layout. */
    boolean inTarget(Value v);

    /**
     * Rewires input {@code index} of {@code node} to the target-layout form of its activation,
     * inserting a boundary transpose when the value is still in the source layout.
     *
     * @return the value the node now reads
     */
    Value useTarget(Node node, int index);

    /**
     * Declares that {@code v}, an output of a node being rewritten, now holds the target layout of
     * {@code source}: its tag and (when known) its shape are permuted.
     */
    void convertOutput(Value v, Layout source);

    /**
     * Replaces constant input {@code index} of {@code node} by {@code transform} applied to it,
     * tagged {@code tag}; in place when nothing else reads the constant, otherwise on a copy.
     * Recorded in the ledger and logged with {@code why}.
     */
    void transformConstant(Node node, int index, WeightTransform transform, Layout tag, String why);

    /**
     * Replaces constant input {@code index} of {@code node} (a small parameter vector such as axes
     * or pads) by {@code values}; in place when nothing else reads it.
     */
    void replaceParameter(Node node, int index, Tensor values);

    /** Adds a line to the pass log. */
    void log(String line);

    /** The source→target permutation for a rank. */
    default Permutation perm(int rank) {
        return direction().perm(rank);
    }

    /** Where source axis {@code axis} (negative counts from the end) sits in the target layout. */
    default int mapAxis(long axis, int rank) {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException("axis " + axis + " outside rank " + rank);
        }
        return perm(rank).positionOf((int) a);
    }
}
