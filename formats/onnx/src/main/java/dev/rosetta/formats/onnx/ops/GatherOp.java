package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.List;

/** {@code Gather}: copied as is; gathering from a small constant along axis 0 folds. */
public final class GatherOp extends PassThroughOp {
    public GatherOp() {
        super("Gather", Infer.NONE);
    }

    @Override
    public void inferTypes(Node node) {
        Value data = node.input(0);
        Value idx = node.input(1);
        Shape out = null;
        if (data.shape().hasRank() && idx.shape().hasRank()) {
            int r = data.shape().rank();
            int axis = Infer.axis(node.attrInt("axis", 0), r);
            if (axis >= 0 && axis < r) {
                List<Dim> dims = new ArrayList<>(data.shape().dims().subList(0, axis));
                dims.addAll(idx.shape().dims());
                dims.addAll(data.shape().dims().subList(axis + 1, r));
                out = new Shape(dims);
            }
        }
        Infer.set(node.output(0), data.dtype(), out);
    }

    @Override
    public List<Tensor> fold(Node node, List<Tensor> constants) {
        Tensor data = constants.get(0);
        Tensor idx = constants.get(1);
        if (data == null || idx == null || data.rank() != 1 || idx.rank() > 1 || idx.elementCount() > 4096
                || Infer.axis(node.attrInt("axis", 0), 1) != 0) {
            return null;
        }
        long n = data.elementCount();
        long[] picks = new long[(int) idx.elementCount()];
        for (int i = 0; i < picks.length; i++) {
            long k = idx.getLong(i);
            k = k < 0 ? k + n : k;
            if (k < 0 || k >= n) {
                return null;
            }
            picks[i] = k;
        }
        return List.of(Attrs.pick(data, idx.shape(), picks));
    }
}
