package dev.rosetta.runtime.pytorch.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Value;

/**
 * ONNX {@code Conv}: group, strides, dilations, pads (asymmetric pads are applied explicitly
 * before a torch convolution with no padding), {@code auto_pad}. The weight is OIHW (or OIW,
 * OIDHW); a weight tagged HWIO/WIO (Keras) is permuted, and HWCM (depthwise) reshaped, first.
 */
final class Conv implements OpKernel {
    @Override
    public NDArray[] run(OpContext ctx, Node node, NDArray[] in) {
        NDArray x = Spatial.in(node, in[0]);
        NDArray w = weight(node.input(1), in[1]);
        int n = x.getShape().dimension() - 2;
        long[] kernel = w.getShape().slice(2).getShape();
        long[] strides = Spatial.ints(node, "strides", n, 1);
        long[] dilations = Spatial.ints(node, "dilations", n, 1);
        long[] pads = Spatial.pads(node, x.getShape(), kernel, strides, dilations);
        Shape padding;
        if (Spatial.symmetric(pads)) {
            padding = Spatial.begins(pads);
        } else {
            x = Spatial.padExplicit(x, pads, 0);
            padding = new Shape(new long[n]);
        }
        NDArray b = in.length > 2 ? in[2] : null;
        NDArray y = x.getNDArrayInternal().convolution(x, w, b, new Shape(strides), padding, new Shape(dilations),
                (int) node.attrInt("group", 1)).singletonOrThrow();
        return new NDArray[] {Spatial.out(node, y)};
    }

    /** The weight in OIHW order, whatever layout its value is tagged with. */
    static NDArray weight(Value value, NDArray w) {
        Layout tag = value == null ? Layout.UNKNOWN : value.layout();
        return switch (tag) {
            case HWIO -> w.transpose(3, 2, 0, 1);
            case WIO -> w.transpose(2, 1, 0);
            case HWCM -> {
                Shape s = w.getShape();
                yield w.transpose(2, 3, 0, 1).reshape(s.get(2) * s.get(3), 1, s.get(0), s.get(1));
            }
            default -> w;
        };
    }
}
