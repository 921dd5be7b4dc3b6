package dev.rosetta.runtime.pytorch.ops;

import ai.djl.ndarray.NDArray;
import dev.rosetta.ir.Node;

/** ONNX {@code Gemm}: {@code alpha * A' @ B' + beta * C}, with {@code transA}/{@code transB}. */
final class Gemm implements OpKernel {
    @Override
    public NDArray[] run(OpContext ctx, Node node, NDArray[] in) {
        NDArray a = node.attrInt("transA", 0) != 0 ? in[0].transpose() : in[0];
        NDArray b = node.attrInt("transB", 0) != 0 ? in[1].transpose() : in[1];
        NDArray y = a.matMul(b);
        float alpha = node.attrFloat("alpha", 1f);
        if (alpha != 1f) {
            y = y.mul(alpha);
        }
        if (in.length > 2 && in[2] != null) {
            float beta = node.attrFloat("beta", 1f);
            y = y.add(beta == 1f ? in[2] : in[2].mul(beta));
        }
        return new NDArray[] {y};
    }
}
