package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code MaxPool} and {@code AveragePool}: copied as is. AveragePool's {@code dilations} exist
 * only from opset 19, so a dilated average pool cannot be written below that.
 */
public final class PoolOp extends SpatialOp {
    public PoolOp(String opType) {
        super(opType);
    }

    @Override
    protected void exportAttributes(Node node, Map<String, Attribute> attrs, ExportContext ctx) {
        long[] dil = Attrs.getInts(attrs, "dilations");
        if (opType().equals("AveragePool") && dil != null && ctx.opset() < 19) {
            if (java.util.Arrays.stream(dil).anyMatch(d -> d != 1)) {
                throw ctx.unsupported(node, "AveragePool dilations need opset 19");
            }
            attrs.remove("dilations");
        }
    }

    @Override
    public void inferTypes(Node node) {
        Value x = node.input(0);
        List<Dim> spatial = slidingOutput(node, x, node.attrInts("kernel_shape", null), node.attrInt("ceil_mode", 0) != 0);
        Shape out = null;
        if (spatial != null) {
            List<Dim> dims = new ArrayList<>(x.shape().dims().subList(0, 2));
            dims.addAll(spatial);
            out = new Shape(dims);
        }
        Infer.set(node.output(0), x.dtype(), out);
        if (node.outputs().size() > 1) {
            Infer.set(node.output(1), DType.INT64, out);
        }
    }
}
