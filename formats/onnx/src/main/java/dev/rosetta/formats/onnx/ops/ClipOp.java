package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code Clip} (and so Relu6): bounds are float attributes {@code min}/{@code max} in the IR, as
 * before opset 11; since opset 11 ONNX takes them as optional inputs, which the importer folds
 * when constant (a dynamic bound stays an input) and the exporter writes as scalar constants of
 * the input's type.
 */
public final class ClipOp extends PassThroughOp {
    public ClipOp() {
        super("Clip", Infer.SAME);
    }

    @Override
    public void importNode(OnnxNode node, ImportContext ctx) {
        Map<String, Attribute> attrs = Attrs.copy(node.attributesWithout("consumed_inputs"));
        List<Value> inputs = new ArrayList<>(List.of(node.input(0)));
        if (node.opset() >= 11) {
            Value min = node.input(1);
            Value max = node.input(2);
            Tensor cmin = min == null ? null : ctx.constant(min);
            Tensor cmax = max == null ? null : ctx.constant(max);
            boolean dynamic = (min != null && cmin == null) || (max != null && cmax == null);
            if (dynamic) {
                inputs.add(min);
                inputs.add(max);
            } else {
                if (cmin != null) {
                    attrs.put("min", new Attribute.Float((float) cmin.getDouble(0)));
                }
                if (cmax != null) {
                    attrs.put("max", new Attribute.Float((float) cmax.getDouble(0)));
                }
            }
        }
        ctx.emit(node.name(), "Clip", inputs, attrs, List.of(node.output(0)));
    }

    @Override
    public void exportNode(Node node, ExportContext ctx) {
        List<String> inputs = new ArrayList<>(ctx.inputNames(node));
        Map<String, Attribute> attrs = Attrs.copy(node.attributes());
        Float min = Attrs.getFloat(attrs, "min");
        Float max = Attrs.getFloat(attrs, "max");
        attrs.remove("min");
        attrs.remove("max");
        if (inputs.size() == 1 && (min != null || max != null)) {
            DType t = node.input(0).dtype() == null ? DType.FLOAT32 : node.input(0).dtype();
            inputs.add(min == null ? "" : ctx.addConstant(node.name() + "_min", Attrs.scalar(t, min)));
            if (max != null) {
                inputs.add(ctx.addConstant(node.name() + "_max", Attrs.scalar(t, max)));
            }
        }
        ctx.emit(node.name(), "Clip", inputs, ctx.outputNames(node), attrs);
    }
}
