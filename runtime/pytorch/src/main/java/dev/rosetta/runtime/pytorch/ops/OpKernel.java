package dev.rosetta.runtime.pytorch.ops;

import ai.djl.ndarray.NDArray;
import dev.rosetta.ir.Node;

/**
 * Executes one IR operator (ONNX semantics, opset 17 as the reference) with DJL NDArray
 * operations on the PyTorch engine, channels-first.
 *
 * <p>A kernel is stateless; one instance serves every node of its op type.
 */
public interface OpKernel {

    /**
     * Computes the node's outputs.
     *
     * @param inputs the node's inputs in order; an omitted optional input is {@code null}
     * @return one array per node output (an output the graph does not use may be {@code null})
     */
    NDArray[] run(OpContext ctx, Node node, NDArray[] inputs);

    /**
     * Why this kernel cannot execute {@code node} (an attribute value it does not implement), or
     * {@code null} when it can. Checked for every node before a model runs, so that all problems
     * are reported at once.
     */
    default String check(Node node) {
        return null;
    }
}
