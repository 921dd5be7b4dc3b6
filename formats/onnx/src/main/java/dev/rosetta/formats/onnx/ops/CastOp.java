package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.DType;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import java.util.Locale;
import java.util.Map;

/**
 * {@code Cast}: {@code to} is the ONNX data-type number (opset 1 named it by string, which the
 * importer converts). Only the IR's dtypes are supported; {@code saturate} (opset 19, float8 only)
 * is dropped below 19. Small constants fold.
 */
public final class CastOp extends PassThroughOp {
    public CastOp() {
        super("Cast", Infer.NONE);
    }

    @Override
    protected Map<String, Attribute> importAttributes(OnnxNode node) {
        return Attrs.copy(super.importAttributes(node));
    }

    @Override
    public void importNode(OnnxNode node, ImportContext ctx) {
        Map<String, Attribute> attrs = importAttributes(node);
        long code;
        if (attrs.get("to") instanceof Attribute.Str s) {
            code = switch (s.value().toUpperCase(Locale.ROOT)) {
                case "FLOAT" -> 1; case "UINT8" -> 2; case "INT8" -> 3; case "INT16" -> 5; case "INT32" -> 6;
                case "INT64" -> 7; case "BOOL" -> 9; case "FLOAT16" -> 10; case "DOUBLE" -> 11;
                default -> -1;
            };
        } else {
            code = node.attrInt("to", -1);
        }
        try {
            DType.fromOnnx((int) code);
        } catch (IllegalArgumentException e) {
            throw ctx.unsupported(node, "cast to ONNX data type " + code + " (" + e.getMessage() + ")");
        }
        attrs.put("to", new Attribute.Int(code));
        ctx.emitSingle(node, "Cast", node.inputs(), attrs);
    }

    @Override
    public void exportNode(Node node, ExportContext ctx) {
        Map<String, Attribute> attrs = Attrs.copy(node.attributes());
        if (ctx.opset() < 19) {
            attrs.remove("saturate");
        }
        ctx.emit(node.name(), "Cast", ctx.inputNames(node), ctx.outputNames(node), attrs);
    }

    @Override
    public void inferTypes(Node node) {
        DType to = target(node);
        Infer.set(node.output(0), to, node.input(0).shape());
    }

    private static DType target(Node node) {
        try {
            return DType.fromOnnx((int) node.attrInt("to", -1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public java.util.List<Tensor> fold(Node node, java.util.List<Tensor> constants) {
        Tensor c = constants.get(0);
        DType to = target(node);
        if (c == null || to == null || c.elementCount() > 4096) {
            return null;
        }
        int n = (int) c.elementCount();
        if (!to.isFloatingPoint() && !c.dtype().isFloatingPoint() && to == DType.INT64) {
            long[] v = new long[n];
            for (int i = 0; i < n; i++) {
                v[i] = c.getLong(i);
            }
            return java.util.List.of(Tensor.ofLongs(c.shape(), v));
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = c.getDouble(i);
            if (Double.isNaN(v[i]) && !to.isFloatingPoint()) {
                return null;
            }
        }
        return java.util.List.of(Tensor.fromDoubles(to, c.shape(), v));
    }
}
