package dev.rosetta.formats.keras.write.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rosetta.formats.keras.write.ExportContext;
import dev.rosetta.formats.keras.write.KerasLayer;
import dev.rosetta.formats.keras.write.KerasPadding;
import dev.rosetta.formats.keras.write.OpExporter;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Value;
import java.util.List;
import java.util.Set;

/**
 * {@code MaxPool} / {@code AveragePool} (channels-last, no dilation) to
 * {@code MaxPooling1D/2D} / {@code AveragePooling1D/2D}. TensorFlow's SAME pads like ONNX
 * (max ignores pads; average excludes them, {@code count_include_pad=0}). Other pads become a
 * {@code ZeroPadding} layer only where that is exact: an average that counts pads, or a max over
 * values known to be non-negative (the output of Relu, Clip(min &gt;= 0), Sigmoid, Softmax).
 */
public final class PoolExport implements OpExporter {
    private static final Set<String> NON_NEGATIVE = Set.of("Relu", "Sigmoid", "Softmax", "HardSigmoid");

    private final boolean max;

    public PoolExport(boolean max) {
        this.max = max;
    }

    @Override
    public void export(ExportContext ctx, Node node) {
        if (!ctx.requireChannelsLast(node)) {
            return;
        }
        long[] kernel = node.attrInts("kernel_shape", null);
        if (kernel == null || kernel.length < 1 || kernel.length > 2) {
            ctx.problem(node, "needs a 1-D or 2-D kernel_shape");
            return;
        }
        int n = kernel.length;
        long[] strides = Windows.attr(node, "strides", n, 1);
        long[] dil = Windows.attr(node, "dilations", n, 1);
        for (long d : dil) {
            if (d != 1) {
                ctx.problem(node, "dilated pooling has no Keras layer");
                return;
            }
        }
        Value x = node.input(0);
        KerasPadding pad = KerasPadding.of(ctx, node, x, kernel, strides, dil, false);
        if (pad == null) {
            return;
        }
        if (node.attrInt("ceil_mode", 0) != 0 && !ceilHarmless(x, kernel, strides, node)) {
            ctx.problem(node, "ceil_mode=1 changes the output size here; Keras pools with floor");
            return;
        }
        boolean countPad = node.attrInt("count_include_pad", 0) != 0;
        if (pad.mode().equals("same") && !max && countPad) {
            pad = new KerasPadding("valid", explicitOf(node, n));
        }
        if (pad.explicit() != null) {
            boolean exact = max ? nonNegative(ctx, x) : countPad;
            if (!exact) {
                ctx.problem(node, max ? "explicit pads on a max pool over values that may be negative: zero padding "
                        + "would change the result" : "explicit pads that an average must not count (count_include_pad=0)");
                return;
            }
        }
        KerasLayer in = ctx.in(node, 0);
        if (in == null) {
            return;
        }
        in = Windows.padded(ctx, node, in, x, pad);
        ObjectNode c = ctx.config();
        Windows.ints(c, "pool_size", kernel);
        Windows.ints(c, "strides", strides);
        c.put("padding", pad.mode());
        c.put("data_format", "channels_last");
        String cls = (max ? "MaxPooling" : "AveragePooling") + n + "D";
        ctx.bind(node.output(0), ctx.add(ExportContext.layerName(node), cls, c, List.of(in)));
    }

    private static long[][] explicitOf(Node node, int n) {
        long[] pads = Windows.attr(node, "pads", 2 * n, 0);
        long[][] e = new long[n][2];
        for (int i = 0; i < n; i++) {
            e[i][0] = pads[i];
            e[i][1] = pads[i + n];
        }
        return e;
    }

    private static boolean ceilHarmless(Value x, long[] kernel, long[] strides, Node node) {
        int n = kernel.length;
        long[] pads = Windows.attr(node, "pads", 2 * n, 0);
        for (int i = 0; i < n; i++) {
            long in = ExportContext.size(x, 1 + i);
            if (in < 0) {
                return false;
            }
            long span = in + pads[i] + pads[i + n] - kernel[i];
            if (span % strides[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean nonNegative(ExportContext ctx, Value x) {
        Node p = x.producer();
        if (p == null) {
            return false;
        }
        if (NON_NEGATIVE.contains(p.opType())) {
            return true;
        }
        if (p.opType().equals("Clip")) {
            Double lo = ActivationExport.clipBounds(ctx, p)[0];
            return lo != null && lo >= 0;
        }
        return false;
    }
}
