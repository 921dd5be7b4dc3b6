package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.DType;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import java.util.List;

/** {@code Size}: the element count as an int64 scalar; folds when the input's shape is known. */
public final class SizeOp extends PassThroughOp {
    public SizeOp() {
        super("Size", Infer.NONE);
    }

    @Override
    public void inferTypes(Node node) {
        Infer.set(node.output(0), DType.INT64, Shape.of());
    }

    @Override
    public List<Tensor> fold(Node node, List<Tensor> constants) {
        Shape s = node.input(0).shape();
        return s.isStatic() ? List.of(Tensor.ofLongs(new long[0], Tensor.elementCount(s.toArray()))) : null;
    }
}
