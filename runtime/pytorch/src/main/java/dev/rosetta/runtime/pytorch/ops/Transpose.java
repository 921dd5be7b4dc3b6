package dev.rosetta.runtime.pytorch.ops;

import ai.djl.ndarray.NDArray;
import dev.rosetta.ir.Node;

/** ONNX {@code Transpose}: {@code perm}, reversing the axes by default. */
final class Transpose implements OpKernel {
    @Override
    public NDArray[] run(OpContext ctx, Node node, NDArray[] in) {
        long[] perm = node.attrInts("perm", null);
        if (perm == null) {
            return new NDArray[] {in[0].transpose()};
        }
        return new NDArray[] {in[0].transpose(java.util.Arrays.stream(perm).mapToInt(p -> (int) p).toArray())};
    }
}
