package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code Reshape}: the target shape is the IR attribute {@code shape} when constant (an attribute
 * before opset 5, an input since); a dynamic shape stays the second input. {@code allowzero}
 * (opset 14) is kept, and dropped on export below 14 when the shape has no zero.
 */
public final class ReshapeOp extends PassThroughOp {
    public ReshapeOp() {
        super("Reshape", Infer.NONE);
    }

    @Override
    public void importNode(OnnxNode node, ImportContext ctx) {
        if (node.opset() < 5) {
            Map<String, Attribute> attrs = node.attributesWithout("consumed_inputs");
            ctx.emitSingle(node, "Reshape", List.of(node.input(0)), attrs);
            return;
        }
        emitReshape(ctx, node.name(), node.input(0), node.input(1), node.attrInt("allowzero", 0), node.output(0));
    }

    /** Emits a Reshape of {@code data} to {@code shape}, as an attribute when {@code shape} is constant. */
    static Value emitReshape(ImportContext ctx, String name, Value data, Value shape, long allowZero, String output) {
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        if (allowZero != 0) {
            attrs.put("allowzero", new Attribute.Int(allowZero));
        }
        Tensor c = ctx.constant(shape);
        if (c != null) {
            attrs.put("shape", Attrs.ints(c.toLongArray()));
            return ctx.emit(name, "Reshape", List.of(data), attrs, List.of(output)).get(0);
        }
        return ctx.emit(name, "Reshape", List.of(data, shape), attrs, List.of(output)).get(0);
    }

    @Override
    public void exportNode(Node node, ExportContext ctx) {
        Map<String, Attribute> attrs = Attrs.copy(node.attributes());
        long[] shape = Attrs.getInts(attrs, "shape");
        attrs.remove("shape");
        List<String> inputs = new ArrayList<>(ctx.inputNames(node));
        if (shape != null) {
            inputs = List.of(inputs.get(0), ctx.addConstant(node.name() + "_shape", Attrs.int64s(shape)));
        }
        if (ctx.opset() < 14 && Attrs.getInt(attrs, "allowzero", 0) != 0) {
            if (shape == null || java.util.Arrays.stream(shape).anyMatch(d -> d == 0)) {
                throw ctx.unsupported(node, "allowzero=1 with a zero in the shape needs opset 14");
            }
            attrs.remove("allowzero");
        }
        ctx.emit(node.name(), "Reshape", inputs, ctx.outputNames(node), attrs);
    }

    @Override
    public void inferTypes(Node node) {
        Value x = node.input(0);
        long[] shape = node.attrInts("shape", null);
        Infer.set(node.output(0), x.dtype(), shape == null ? null : target(x.shape(), shape, node.attrInt("allowzero", 0)));
    }

    @Override
    public List<Tensor> fold(Node node, List<Tensor> constants) {
        Tensor data = constants.get(0);
        long[] shape = node.attrInts("shape", null);
        if (data == null || shape == null) {
            return null;
        }
        Shape t = target(data.staticShape(), shape, node.attrInt("allowzero", 0));
        return t.isStatic() ? List.of(data.reshape(t.toArray())) : null;
    }

    /** The output shape of reshaping {@code in} to {@code spec} (0 copies, -1 infers). */
    static Shape target(Shape in, long[] spec, long allowZero) {
        List<Dim> out = new ArrayList<>();
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < spec.length; i++) {
            long d = spec[i];
            if (d == 0 && allowZero == 0) {
                if (!in.hasRank() || i >= in.rank()) {
                    return Shape.UNKNOWN_RANK;
                }
                Dim copy = in.dims().get(i);
                out.add(copy);
                known = copy.isFixed() && known >= 0 ? known * Infer.size(copy) : -1;
            } else if (d == -1) {
                inferred = i;
                out.add(Dim.symbol(""));
            } else if (d < 0) {
                return Shape.UNKNOWN_RANK;
            } else {
                out.add(Dim.of(d));
                known = known >= 0 ? known * d : -1;
            }
        }
        if (inferred >= 0) {
            if (in.isStatic() && known > 0) {
                long total = Tensor.elementCount(in.toArray());
                if (total % known == 0) {
                    out.set(inferred, Dim.of(total / known));
                }
            }
        }
        return new Shape(out);
    }
}
