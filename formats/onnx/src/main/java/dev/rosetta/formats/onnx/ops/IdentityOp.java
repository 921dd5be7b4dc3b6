package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import java.util.List;

/**
 * {@code Identity}: kept as a node (the reader removes those whose output is not a graph output);
 * folds when its input is constant.
 */
public final class IdentityOp extends PassThroughOp {
    public IdentityOp() {
        super("Identity", Infer.SAME);
    }

    @Override
    public List<Tensor> fold(Node node, List<Tensor> constants) {
        return constants.get(0) == null ? null : List.of(constants.get(0));
    }
}
