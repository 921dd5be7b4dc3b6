package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.formats.tensorflow.graph.TfNode;
import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Value;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code StridedSlice} that crops: constant {@code begin}/{@code end}, every stride 1, no
 * ellipsis, new-axis or shrink masks; each axis then loses a leading and a trailing part, which is
 * ONNX {@code Pad} with negative pads, the form the Keras reader gives {@code Cropping2D} and the
 * SavedModel writer emits back as this op. A negative begin, or an end counted from the start,
 * needs the axis length. Other slices are refused with what they use.
 */
final class StridedSliceOp implements TfOpMapping {
    @Override
    public List<String> opTypes() {
        return List.of("StridedSlice");
    }

    @Override
    public void importNode(TfNode node, ImportContext ctx) {
        Value x = ctx.input(node, 0);
        long[] begin = ctx.requireInts(node, 1, "begin");
        long[] end = ctx.requireInts(node, 2, "end");
        long[] strides = ctx.requireInts(node, 3, "strides");
        for (String mask : List.of("ellipsis_mask", "new_axis_mask", "shrink_axis_mask")) {
            if (TfAttrs.integer(node, mask, 0) != 0) {
                throw ctx.unsupported(node, "a slice with " + mask
                        + " (only crops, slices that keep every axis, are read)");
            }
        }
        Shape s = x.shape();
        if (!s.hasRank() || begin.length != s.rank() || end.length != s.rank() || strides.length != s.rank()) {
            throw ctx.unsupported(node, "a slice whose begin/end/strides do not cover every axis of the input " + s);
        }
        long beginMask = TfAttrs.integer(node, "begin_mask", 0);
        long endMask = TfAttrs.integer(node, "end_mask", 0);
        int r = s.rank();
        long[] pads = new long[2 * r];
        for (int i = 0; i < r; i++) {
            if (strides[i] != 1) {
                throw ctx.unsupported(node, "stride " + strides[i] + " on axis " + i + " (only crops are read)");
            }
            long length = s.dim(i) instanceof Dim.Fixed f ? f.size() : -1;
            long b = (beginMask >> i & 1) != 0 ? 0 : begin[i];
            boolean toEnd = (endMask >> i & 1) != 0;
            if ((b < 0 || (!toEnd && end[i] > 0)) && length < 0) {
                throw ctx.unsupported(node, "a crop of axis " + i + ", whose length is not known, from its start");
            }
            long first = b < 0 ? length + b : b;
            long trailing = toEnd ? 0 : end[i] <= 0 ? -end[i] : length - end[i];
            if (first < 0 || trailing < 0 || (length >= 0 && first + trailing > length)) {
                throw ctx.malformed(node, "slice [" + begin[i] + ", " + end[i] + ") of axis " + i + " (length "
                        + length + ") is out of range");
            }
            pads[i] = -first;
            pads[i + r] = -trailing;
        }
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        attrs.put("pads", new Attribute.Ints(pads));
        attrs.put("mode", new Attribute.Str("constant"));
        Value y = ctx.emit(node, "Pad", List.of(x), attrs);
        ImportContext.tag(y, x.layout());
    }
}
