package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import java.util.List;

/**
 * How one ONNX operator maps to the IR and back.
 *
 * <p>The IR uses ONNX op names and the semantics of the reference opset (17), with static
 * parameters (axes, pads, shapes, bounds) held as attributes. {@link #importNode} turns a node of
 * any opset the op exists in into that form; {@link #exportNode} writes the IR node in the form a
 * target opset needs (an attribute, or a constant input). Both throw
 * {@link dev.rosetta.error.UnsupportedFeatureException} for a variant they cannot express; the
 * reader and writer collect those for every node before failing.
 *
 * <p>Most operators need nothing of this: they register a {@link PassThroughOp}. One class per
 * operator otherwise, registered in {@link OnnxOps}.
 */
public interface OnnxOpMapping {

    /** The ONNX op type, default domain. */
    String opType();

    /** Imports one ONNX node (opset {@code node.opset()}) by emitting IR nodes into {@code ctx}. */
    void importNode(OnnxNode node, ImportContext ctx);

    /** Exports one IR node at {@code ctx.opset()} by emitting ONNX nodes into {@code ctx}. */
    void exportNode(Node node, ExportContext ctx);

    /**
     * Fills in output types and shapes of an IR node of this op that are still unknown; does
     * nothing where it cannot tell. Never throws for odd shapes: inference is best effort.
     */
    default void inferTypes(Node node) {
    }

    /**
     * Evaluates the IR node on constant inputs, for static shape computations.
     *
     * @param node the node (its inputs' shapes may be known even when their content is not)
     * @param constants the constant content of each input, {@code null} where not constant
     * @return the outputs, or {@code null} when this op is not folded or not all it needs is known
     */
    default List<Tensor> fold(Node node, List<Tensor> constants) {
        return null;
    }
}
