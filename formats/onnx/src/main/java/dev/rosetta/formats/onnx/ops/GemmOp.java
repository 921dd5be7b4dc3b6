package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Value;
import java.util.List;
import java.util.Map;

/**
 * {@code Gemm}: alpha, beta, transA, transB kept; the legacy {@code broadcast} attribute (before
 * opset 7) goes. A weight read with {@code transB=1} is tagged OI.
 */
public final class GemmOp extends PassThroughOp {
    public GemmOp() {
        super("Gemm", Infer.NONE);
    }

    @Override
    protected Map<String, Attribute> importAttributes(OnnxNode node) {
        return node.attributesWithout("consumed_inputs", "broadcast");
    }

    @Override
    public void importNode(OnnxNode node, ImportContext ctx) {
        super.importNode(node, ctx);
        Value b = node.input(1);
        if (b != null && node.attrInt("transB", 0) == 1 && b.shape().hasRank() && b.shape().rank() == 2) {
            ctx.tagLayout(b, Layout.OI);
        }
    }

    @Override
    public void inferTypes(Node node) {
        Value a = node.input(0);
        Value b = node.input(1);
        Shape out = null;
        if (a.shape().hasRank() && b.shape().hasRank() && a.shape().rank() == 2 && b.shape().rank() == 2) {
            Dim m = a.shape().dim(node.attrInt("transA", 0) == 0 ? 0 : 1);
            Dim n = b.shape().dim(node.attrInt("transB", 0) == 0 ? 1 : 0);
            out = new Shape(List.of(m, n));
        }
        Infer.set(node.output(0), a.dtype(), out);
    }
}
