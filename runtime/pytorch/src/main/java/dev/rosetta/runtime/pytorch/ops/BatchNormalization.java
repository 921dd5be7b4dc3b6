package dev.rosetta.runtime.pytorch.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.norm.BatchNorm;
import dev.rosetta.ir.Node;

/**
 * ONNX {@code BatchNormalization} in inference mode: running mean and variance, {@code epsilon}
 * (default 1e-5), through {@code torch.batch_norm}. {@code training_mode=1} is not supported.
 */
final class BatchNormalization implements OpKernel {
    @Override
    public NDArray[] run(OpContext ctx, Node node, NDArray[] in) {
        NDArray x = Spatial.in(node, in[0]);
        float eps = node.attrFloat("epsilon", 1e-5f);
        NDArray y = BatchNorm.batchNorm(x, in[3], in[4], in[1], in[2], 1, 0.9f, eps, false).singletonOrThrow();
        NDArray[] out = new NDArray[node.outputs().size()];
        out[0] = Spatial.out(node, y);
        return out;
    }

    @Override
    public String check(Node node) {
        if (node.attrInt("training_mode", 0) != 0) {
            return "training_mode=1 (only inference is executed)";
        }
        long used = node.outputs().stream().skip(1).filter(v -> !v.name().isEmpty() && !v.uses().isEmpty()).count();
        return used > 0 ? "training outputs running_mean/running_var are read by other nodes" : null;
    }
}
