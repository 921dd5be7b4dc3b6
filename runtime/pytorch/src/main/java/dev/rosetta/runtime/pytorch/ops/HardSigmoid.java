package dev.rosetta.runtime.pytorch.ops;

import ai.djl.ndarray.NDArray;
import dev.rosetta.ir.Node;

/** ONNX {@code HardSigmoid}: {@code max(0, min(1, alpha * x + beta))}, alpha 0.2 and beta 0.5 by default. */
final class HardSigmoid implements OpKernel {
    @Override
    public NDArray[] run(OpContext ctx, Node node, NDArray[] in) {
        float alpha = node.attrFloat("alpha", 0.2f);
        float beta = node.attrFloat("beta", 0.5f);
        return new NDArray[] {in[0].mul(alpha).add(beta).clip(0, 1)};
    }
}
