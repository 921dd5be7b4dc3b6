package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.List;

/** {@code Squeeze}: {@code axes} is an attribute in the IR (an input since opset 13). Folds on constants. */
public final class SqueezeOp extends AxesInputOp {
    public SqueezeOp() {
        super("Squeeze", 13, Infer.NONE);
    }

    @Override
    public void inferTypes(Node node) {
        Value x = data(node);
        Infer.set(node.output(0), x.dtype(), squeezed(node, x.shape()));
    }

    private static Shape squeezed(Node node, Shape in) {
        if (!in.hasRank() || node.inputs().size() > 1) {
            return null;
        }
        int[] axes = axes(node, in.rank());
        List<Dim> out = new ArrayList<>();
        for (int i = 0; i < in.rank(); i++) {
            Dim d = in.dims().get(i);
            final int axis = i;
            boolean listed = axes != null && java.util.Arrays.stream(axes).anyMatch(a -> a == axis);
            if (axes == null ? Infer.size(d) == 1 : listed) {
                continue;
            }
            if (axes == null && !d.isFixed()) {
                return null;
            }
            out.add(d);
        }
        return new Shape(out);
    }

    @Override
    public List<Tensor> fold(Node node, List<Tensor> constants) {
        Tensor c = constants.get(0);
        if (c == null) {
            return null;
        }
        Shape s = squeezed(node, c.staticShape());
        return s == null ? null : List.of(c.reshape(s.toArray()));
    }
}
