package dev.rosetta.runtime.pytorch.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;

/**
 * ONNX {@code ConvTranspose}: strides, dilations, group, pads (symmetric or not),
 * {@code output_padding}, {@code output_shape}, {@code auto_pad}.
 *
 * <p>DJL's PyTorch engine has no transposed convolution, so the full transposed convolution (no
 * padding) is computed as its equivalent direct one: zeros inserted between input elements
 * ({@code stride - 1} per gap), {@code dilation * (k - 1)} zeros padded on each side, and a
 * convolution (same dilation, stride 1, same groups) with the kernel flipped and its in/out
 * channels swapped per group. That result is cropped or zero-extended per axis to
 * {@code [pad_begin, full - pad_end + output_padding)}, then the bias is added. The weight is
 * (in, out/group, k...); a weight tagged HWOI (Keras) is permuted first.
 */
final class ConvTranspose implements OpKernel {
    @Override
    public NDArray[] run(OpContext ctx, Node node, NDArray[] in) {
        NDArray x = Spatial.in(node, in[0]);
        NDArray w = node.input(1) != null && node.input(1).layout() == Layout.HWOI ? in[1].transpose(3, 2, 0, 1) : in[1];
        int n = x.getShape().dimension() - 2;
        long[] kernel = w.getShape().slice(2).getShape();
        long[] strides = Spatial.ints(node, "strides", n, 1);
        long[] dilations = Spatial.ints(node, "dilations", n, 1);
        long[] outPad = Spatial.ints(node, "output_padding", n, 0);
        int group = (int) node.attrInt("group", 1);
        NDArray full = fullTransposed(x, w, strides, dilations, group);
        long[] pads = pads(node, x.getShape(), full.getShape(), kernel, strides, dilations, outPad);
        NDArray y = full;
        for (int i = 0; i < n; i++) {
            int axis = 2 + i;
            long len = y.getShape().get(axis);
            long end = len - pads[i + n] + outPad[i];
            if (end > len) {
                long[] extra = new long[2 * (y.getShape().dimension() - axis)];
                extra[extra.length - 1] = end - len;
                y = y.pad(new Shape(extra), 0);
            }
            y = y.get(new NDIndex().addAllDim(axis).addSliceDim(pads[i], end));
        }
        if (in.length > 2 && in[2] != null) {
            long[] bshape = new long[n + 1];
            java.util.Arrays.fill(bshape, 1);
            bshape[0] = in[2].getShape().get(0);
            y = y.add(in[2].reshape(bshape));
        }
        return new NDArray[] {Spatial.out(node, y)};
    }

    private static NDArray fullTransposed(NDArray x, NDArray w, long[] strides, long[] dilations, int group) {
        int n = strides.length;
        NDArray up = x;
        for (int i = 0; i < n; i++) {
            if (strides[i] > 1) {
                int axis = 2 + i;
                Shape s = up.getShape();
                long len = s.get(axis);
                long[] extra = new long[2 * (s.dimension() - axis)];
                extra[extra.length - 1] = strides[i] - 1;
                NDArray spread = up.expandDims(axis + 1).pad(new Shape(extra), 0);
                long[] merged = s.getShape();
                merged[axis] = len * strides[i];
                up = spread.reshape(merged).get(new NDIndex().addAllDim(axis).addSliceDim(0, (len - 1) * strides[i] + 1));
            }
        }
        Shape ws = w.getShape();
        long cin = ws.get(0);
        long coutPerGroup = ws.get(1);
        long[] k = ws.slice(2).getShape();
        long[] grouped = new long[3 + n];
        grouped[0] = group;
        grouped[1] = cin / group;
        grouped[2] = coutPerGroup;
        System.arraycopy(k, 0, grouped, 3, n);
        int[] swap = new int[3 + n];
        swap[0] = 0;
        swap[1] = 2;
        swap[2] = 1;
        int[] spatial = new int[n];
        for (int i = 0; i < n; i++) {
            swap[3 + i] = 3 + i;
            spatial[i] = 2 + i;
        }
        long[] direct = new long[2 + n];
        direct[0] = group * coutPerGroup;
        direct[1] = cin / group;
        System.arraycopy(k, 0, direct, 2, n);
        NDArray wd = w.reshape(grouped).transpose(swap).reshape(direct).flip(spatial);
        long[] pads = new long[2 * n];
        for (int i = 0; i < n; i++) {
            pads[i] = dilations[i] * (k[i] - 1);
            pads[i + n] = pads[i];
        }
        return up.getNDArrayInternal().convolution(up, wd, null, new Shape(ones(n)), Spatial.begins(pads),
                new Shape(dilations), group).singletonOrThrow();
    }

    private static long[] ones(int n) {
        long[] o = new long[n];
        java.util.Arrays.fill(o, 1);
        return o;
    }

    private static long[] pads(Node node, Shape x, Shape full, long[] kernel, long[] strides, long[] dilations,
                               long[] outPad) {
        int n = kernel.length;
        long[] outputShape = node.attrInts("output_shape", null);
        String auto = node.attrString("auto_pad", "NOTSET");
        if (outputShape == null && !auto.startsWith("SAME")) {
            return Spatial.ints(node, "pads", 2 * n, 0);
        }
        long[] pads = new long[2 * n];
        for (int i = 0; i < n; i++) {
            long want = outputShape != null ? outputShape[outputShape.length - n + i] : x.get(2 + i) * strides[i];
            long total = Math.max(0, full.get(2 + i) + outPad[i] - want);
            // ONNX: SAME_UPPER puts the odd pad at the end; SAME_LOWER and NOTSET at the start.
            pads[i] = auto.equals("SAME_UPPER") ? total / 2 : total - total / 2;
            pads[i + n] = total - pads[i];
        }
        return pads;
    }
}
