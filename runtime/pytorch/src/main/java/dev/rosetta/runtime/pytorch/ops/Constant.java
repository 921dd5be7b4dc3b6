package dev.rosetta.runtime.pytorch.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Node;
import dev.rosetta.runtime.pytorch.NdConvert;

/** ONNX {@code Constant}: {@code value} (a tensor), {@code value_float(s)} or {@code value_int(s)}. */
final class Constant implements OpKernel {
    @Override
    public NDArray[] run(OpContext ctx, Node node, NDArray[] in) {
        var m = ctx.manager();
        NDArray y;
        if (node.attribute("value") instanceof Attribute.TensorValue t) {
            y = NdConvert.toNd(m, t.value());
        } else if (node.attribute("value_float") instanceof Attribute.Float f) {
            y = m.create(f.value());
        } else if (node.attribute("value_floats") instanceof Attribute.Floats f) {
            y = m.create(f.values());
        } else if (node.attribute("value_int") instanceof Attribute.Int i) {
            y = m.create(i.value());
        } else {
            long[] v = node.attrInts("value_ints", new long[0]);
            y = m.create(v, new Shape(v.length));
        }
        return new NDArray[] {y};
    }

    @Override
    public String check(Node node) {
        for (String k : new String[] {"value", "value_float", "value_floats", "value_int", "value_ints"}) {
            if (node.attribute(k) != null) {
                return null;
            }
        }
        return "no numeric value attribute (sparse and string constants are not supported)";
    }
}
