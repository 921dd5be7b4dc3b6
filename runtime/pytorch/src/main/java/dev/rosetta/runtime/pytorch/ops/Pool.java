package dev.rosetta.runtime.pytorch.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.rosetta.ir.Node;

/**
 * ONNX {@code MaxPool} and {@code AveragePool}: kernel_shape, strides, pads, {@code auto_pad},
 * {@code ceil_mode}, and for average pooling {@code count_include_pad}.
 *
 * <p>Torch pools pad symmetrically and at most half a kernel; other pads are applied explicitly
 * (negative infinity for max). An explicitly padded average that must not count the padding
 * divides by the average of a padded mask of ones, which counts exactly the real elements of each
 * window. Max pooling with dilations or an Indices output is not supported.
 */
final class Pool implements OpKernel {
    private final boolean max;

    Pool(boolean max) {
        this.max = max;
    }

    @Override
    public NDArray[] run(OpContext ctx, Node node, NDArray[] in) {
        NDArray x = Spatial.in(node, in[0]);
        long[] kernel = node.attrInts("kernel_shape", null);
        int n = kernel.length;
        long[] strides = Spatial.ints(node, "strides", n, 1);
        long[] pads = Spatial.pads(node, x.getShape(), kernel, strides, Spatial.ints(node, "dilations", n, 1));
        boolean ceil = node.attrInt("ceil_mode", 0) != 0;
        boolean countPad = node.attrInt("count_include_pad", 0) != 0;
        boolean nativePad = Spatial.symmetric(pads);
        for (int i = 0; nativePad && i < n; i++) {
            // torch pads at most half a kernel, and its avg_pool ignores count_include_pad=false.
            nativePad = pads[i] * 2 <= kernel[i] && (max || countPad || pads[i] == 0);
        }
        Shape k = new Shape(kernel);
        Shape s = new Shape(strides);
        NDArray y;
        if (nativePad) {
            Shape p = Spatial.begins(pads);
            y = max ? x.getNDArrayInternal().maxPool(k, s, p, ceil)
                    : x.getNDArrayInternal().avgPool(k, s, p, ceil, true);
        } else if (max) {
            y = Spatial.padExplicit(x, pads, Double.NEGATIVE_INFINITY).getNDArrayInternal()
                    .maxPool(k, s, new Shape(new long[n]), ceil);
        } else {
            Shape zero = new Shape(new long[n]);
            y = Spatial.padExplicit(x, pads, 0).getNDArrayInternal().avgPool(k, s, zero, ceil, true);
            if (!countPad) {
                NDArray ones = x.getManager().ones(new Shape(1, 1).addAll(x.getShape().slice(2)), x.getDataType());
                NDArray share = Spatial.padExplicit(ones, pads, 0).getNDArrayInternal().avgPool(k, s, zero, ceil, true);
                y = y.div(share);
            }
        }
        return new NDArray[] {Spatial.out(node, y)};
    }

    @Override
    public String check(Node node) {
        long[] kernel = node.attrInts("kernel_shape", null);
        if (kernel == null) {
            return "no kernel_shape attribute";
        }
        long[] dil = node.attrInts("dilations", null);
        if (dil != null && java.util.Arrays.stream(dil).anyMatch(d -> d != 1)) {
            return "dilations " + java.util.Arrays.toString(dil) + " (only 1 is supported)";
        }
        if (node.outputs().size() > 1 && !node.output(1).name().isEmpty() && !node.output(1).uses().isEmpty()) {
            return "the Indices output is read by other nodes";
        }
        return null;
    }
}
