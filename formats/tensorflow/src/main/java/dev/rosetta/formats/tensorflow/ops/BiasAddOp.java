package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.formats.tensorflow.graph.TfNode;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Value;
import java.util.List;
import java.util.Map;

/**
 * {@code BiasAdd}: ONNX {@code Add}. Channels-last ({@code NHWC}, the default, or any rank with
 * channels last) broadcasts the bias as it is; {@code NCHW} reshapes it to {@code [C, 1, ..., 1]}
 * for the input's rank.
 */
final class BiasAddOp implements TfOpMapping {
    @Override
    public List<String> opTypes() {
        return List.of("BiasAdd", "BiasAddV1");
    }

    @Override
    public void importNode(TfNode node, ImportContext ctx) {
        Value x = ctx.input(node, 0);
        Value b = ctx.input(node, 1);
        String df = TfAttrs.string(node, "data_format", "NHWC");
        if (df.startsWith("NC")) {
            if (!x.shape().hasRank()) {
                throw ctx.unsupported(node, "NCHW bias add on an input of unknown rank");
            }
            long[] shape = new long[x.shape().rank() - 1];
            java.util.Arrays.fill(shape, 1);
            shape[0] = -1;
            b = ctx.reshaped(node, b, b.shape().isStatic() && b.shape().rank() == 1
                    ? withFirst(shape, b.shape().toArray()[0]) : shape, Layout.UNKNOWN, "bias");
        } else if (!df.equals("NHWC") && !df.equals("N...C")) {
            throw ctx.unsupported(node, "data_format '" + df + "'");
        }
        Value y = ctx.emit(node, "Add", List.of(x, b), Map.of());
        ImportContext.tag(y, x.layout());
    }

    private static long[] withFirst(long[] shape, long first) {
        long[] s = shape.clone();
        s[0] = first;
        return s;
    }
}
