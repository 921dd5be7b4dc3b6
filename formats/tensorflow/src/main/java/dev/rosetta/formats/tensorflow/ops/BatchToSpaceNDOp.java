package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.formats.tensorflow.graph.TfNode;
import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Value;
import java.util.List;
import java.util.Map;

/**
 * {@code BatchToSpaceND}, the inverse of {@link SpaceToBatchNDOp}, in ONNX ops: {@code Reshape}
 * to {@code [b1, ..., bm, N, d1, ..., dm, rest]}, a {@code Transpose} interleaving each block
 * factor after its axis, a {@code Reshape} merging them, and the crops as a {@code Pad} with
 * negative pads.
 */
final class BatchToSpaceNDOp implements TfOpMapping {
    @Override
    public List<String> opTypes() {
        return List.of("BatchToSpaceND");
    }

    @Override
    public void importNode(TfNode node, ImportContext ctx) {
        SpaceToBatchNDOp.BlockAxes a = SpaceToBatchNDOp.BlockAxes.of(node, ctx, "crops");
        Value x = a.x();
        long[] block = a.block();
        long[] crops = a.pairs();
        long[] dims = a.dims();
        int m = block.length;
        int r = dims.length + 1;
        int rest = r - 1 - m;
        long[] split = new long[m + 1 + m + rest];
        System.arraycopy(block, 0, split, 0, m);
        split[m] = -1;
        System.arraycopy(dims, 0, split, m + 1, m + rest);
        Value y = ctx.emitHelper(node, "split", "Reshape", List.of(x), Map.of("shape", new Attribute.Ints(split)));
        long[] perm = new long[split.length];
        int k = 0;
        perm[k++] = m;
        for (int i = 0; i < m; i++) {
            perm[k++] = m + 1 + i;
            perm[k++] = i;
        }
        for (int i = 0; i < rest; i++) {
            perm[k++] = 2 * m + 1 + i;
        }
        y = ctx.emitHelper(node, "transpose", "Transpose", List.of(y), Map.of("perm", new Attribute.Ints(perm)));
        long[] merged = new long[r];
        merged[0] = -1;
        for (int i = 0; i < m; i++) {
            merged[1 + i] = dims[i] * block[i];
        }
        System.arraycopy(dims, m, merged, 1 + m, rest);
        boolean crop = java.util.Arrays.stream(crops).anyMatch(c -> c != 0);
        Value out;
        if (!crop) {
            out = ctx.emit(node, "Reshape", List.of(y), Map.of("shape", new Attribute.Ints(merged)));
        } else {
            y = ctx.emitHelper(node, "merge", "Reshape", List.of(y), Map.of("shape", new Attribute.Ints(merged)));
            long[] pads = new long[2 * r];
            for (int i = 0; i < m; i++) {
                pads[1 + i] = -crops[2 * i];
                pads[r + 1 + i] = -crops[2 * i + 1];
            }
            Map<String, Attribute> attrs = new java.util.LinkedHashMap<>();
            attrs.put("pads", new Attribute.Ints(pads));
            attrs.put("mode", new Attribute.Str("constant"));
            if (r == 4 && x.layout() == dev.rosetta.ir.Layout.NHWC) {
                attrs.put("layout", Spatial.layoutAttr(x.layout()));
            }
            out = ctx.emit(node, "Pad", List.of(y), attrs);
        }
        ImportContext.tag(out, x.layout());
    }
}
