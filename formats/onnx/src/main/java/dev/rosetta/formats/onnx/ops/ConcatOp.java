package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code Concat}: copied as is ({@code axis} defaulted to 1 before opset 4). Concatenating small
 * 1-D constants folds (shape vectors).
 */
public final class ConcatOp extends PassThroughOp {
    public ConcatOp() {
        super("Concat", Infer.NONE);
    }

    @Override
    protected Map<String, Attribute> importAttributes(OnnxNode node) {
        Map<String, Attribute> attrs = Attrs.copy(super.importAttributes(node));
        if (node.opset() < 4 && !attrs.containsKey("axis")) {
            attrs.put("axis", new Attribute.Int(1));
        }
        return attrs;
    }

    @Override
    public void inferTypes(Node node) {
        Value first = node.input(0);
        Shape out = null;
        if (first.shape().hasRank()) {
            int r = first.shape().rank();
            int axis = Infer.axis(node.attrInt("axis", 0), r);
            long total = 0;
            for (Value v : node.inputs()) {
                if (v == null || !v.shape().hasRank() || v.shape().rank() != r) {
                    return;
                }
                long s = Infer.size(v.shape().dim(axis));
                total = s < 0 || total < 0 ? -1 : total + s;
            }
            List<Dim> dims = new ArrayList<>(first.shape().dims());
            if (axis >= 0 && axis < r) {
                dims.set(axis, total < 0 ? Dim.symbol("") : Dim.of(total));
                out = new Shape(dims);
            }
        }
        Infer.set(node.output(0), first.dtype(), out);
    }

    @Override
    public List<Tensor> fold(Node node, List<Tensor> constants) {
        Tensor first = constants.get(0);
        long total = 0;
        for (Tensor t : constants) {
            if (t == null || first == null || t.rank() != 1 || t.dtype() != first.dtype()
                    || t.byteOrder() != first.byteOrder()) {
                return null;
            }
            total += t.elementCount();
        }
        return total > 4096 ? null : List.of(Attrs.concat(constants));
    }
}
