package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.formats.tensorflow.graph.TfNode;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Value;
import java.util.List;
import java.util.Map;

/**
 * {@code MatMul}: ONNX {@code MatMul}; {@code transpose_a}/{@code transpose_b} transpose the
 * operand (a constant is transposed in place, anything else through a {@code Transpose} node). A
 * constant right operand is the dense weight, tagged IO (in, out), as Keras holds it.
 */
final class MatMulOp implements TfOpMapping {
    private static final int[] SWAP = {1, 0};

    @Override
    public List<String> opTypes() {
        return List.of("MatMul");
    }

    @Override
    public void importNode(TfNode node, ImportContext ctx) {
        Value a = ctx.input(node, 0);
        Value b = ctx.input(node, 1);
        if (TfAttrs.bool(node, "transpose_a", false)) {
            a = ctx.permuted(node, a, SWAP, Layout.UNKNOWN, "transpose_a");
        }
        if (TfAttrs.bool(node, "transpose_b", false)) {
            b = ctx.permuted(node, b, SWAP, Layout.UNKNOWN, "transpose_b");
        }
        if (b.isConstant()) {
            ImportContext.tag(b, Layout.IO);
        }
        ctx.emit(node, "MatMul", List.of(a, b), Map.of());
    }
}
