package dev.rosetta.runtime.pytorch.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import dev.rosetta.ir.Node;

/** ONNX {@code Concat} along {@code axis} (negative counts from the end). */
final class Concat implements OpKernel {
    @Override
    public NDArray[] run(OpContext ctx, Node node, NDArray[] in) {
        NDList list = new NDList();
        for (NDArray a : in) {
            if (a != null) {
                list.add(a);
            }
        }
        int axis = OpContext.axis(node.attrInt("axis", 0), list.get(0).getShape().dimension(), node);
        return new NDArray[] {list.size() == 1 ? list.get(0) : NDArrays.concat(list, axis)};
    }
}
