package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Value;
import java.util.List;
import java.util.Map;

/**
 * {@code CastLike} (opset 15): below 15 it is written as a Cast to the second input's type, when
 * that type is known.
 */
public final class CastLikeOp extends PassThroughOp {
    public CastLikeOp() {
        super("CastLike", Infer.NONE);
    }

    @Override
    public void inferTypes(Node node) {
        Value like = node.input(1);
        Infer.set(node.output(0), like == null ? null : like.dtype(), node.input(0).shape());
    }

    @Override
    public void exportNode(Node node, ExportContext ctx) {
        if (ctx.opset() >= 15) {
            super.exportNode(node, ctx);
            return;
        }
        Value like = node.input(1);
        if (like == null || like.dtype() == null) {
            throw ctx.unsupported(node, "CastLike needs opset 15 when the target type is unknown");
        }
        Map<String, Attribute> attrs = Attrs.copy(node.attributes());
        attrs.remove("saturate");
        attrs.put("to", new Attribute.Int(like.dtype().onnxCode()));
        ctx.emit(node.name(), "Cast", List.of(ctx.name(node.input(0))), ctx.outputNames(node), attrs);
    }
}
