package dev.rosetta.runtime.pytorch.ops;

import ai.djl.ndarray.NDArray;
import dev.rosetta.ir.Node;

/**
 * ONNX {@code Elu} ({@code alpha} default 1) and {@code Selu} ({@code alpha} 1.6732632,
 * {@code gamma} 1.050701 by default): {@code gamma * (x > 0 ? x : alpha * (exp(x) - 1))}, with
 * gamma 1 for Elu.
 */
final class Elu implements OpKernel {
    private static final float SELU_ALPHA = 1.67326319217681884765625f;
    private static final float SELU_GAMMA = 1.05070102214813232421875f;
    private final boolean selu;

    Elu(boolean selu) {
        this.selu = selu;
    }

    @Override
    public NDArray[] run(OpContext ctx, Node node, NDArray[] in) {
        NDArray x = in[0];
        float alpha = node.attrFloat("alpha", selu ? SELU_ALPHA : 1f);
        NDArray y = x.maximum(0).add(x.minimum(0).exp().sub(1).mul(alpha));
        if (selu) {
            y = y.mul(node.attrFloat("gamma", SELU_GAMMA));
        }
        return new NDArray[] {y};
    }
}
