package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Tensor;

/**
 * {@code Constant}: becomes an initializer named like its output. {@code value},
 * {@code value_float(s)} and {@code value_int(s)} are read; string and sparse constants are not
 * supported. The IR has no Constant nodes, but one met on export is written as is.
 */
public final class ConstantOp extends PassThroughOp {
    public ConstantOp() {
        super("Constant", Infer.NONE);
    }

    @Override
    public void importNode(OnnxNode node, ImportContext ctx) {
        ctx.defineConstant(node.output(0), tensor(node, ctx));
    }

    private static Tensor tensor(OnnxNode node, ImportContext ctx) {
        for (var e : node.attributes().entrySet()) {
            Attribute a = e.getValue();
            switch (e.getKey()) {
                case "value":
                    if (a instanceof Attribute.TensorValue t) {
                        return t.value();
                    }
                    break;
                case "value_float":
                    return Tensor.ofFloats(new long[0], node.attrFloat("value_float", 0));
                case "value_floats":
                    if (a instanceof Attribute.Floats f) {
                        return Tensor.ofFloats(new long[] {f.values().length}, f.values());
                    }
                    break;
                case "value_int":
                    return Tensor.ofLongs(new long[0], node.attrInt("value_int", 0));
                case "value_ints":
                    if (a instanceof Attribute.Ints i) {
                        return Tensor.ofLongs(new long[] {i.values().length}, i.values());
                    }
                    break;
                default:
                    break;
            }
        }
        throw ctx.unsupported(node, "only tensor, float and int constants are supported (found attributes "
                + node.attributes().keySet() + ")");
    }
}
