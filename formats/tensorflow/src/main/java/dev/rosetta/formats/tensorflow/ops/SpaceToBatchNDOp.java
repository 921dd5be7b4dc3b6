package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.formats.tensorflow.graph.TfNode;
import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Value;
import java.util.List;
import java.util.Map;

/**
 * {@code SpaceToBatchND} (how TF1 builds dilated convolutions) with constant block shape and
 * paddings, written in ONNX ops: {@code Pad}, then {@code Reshape} to split each blocked axis
 * {@code d} into {@code [d / b, b]}, a {@code Transpose} that moves the block factors in front of
 * the batch, and a {@code Reshape} that merges them into it. Needs the static sizes of every axis
 * but the batch.
 */
final class SpaceToBatchNDOp implements TfOpMapping {
    @Override
    public List<String> opTypes() {
        return List.of("SpaceToBatchND");
    }

    @Override
    public void importNode(TfNode node, ImportContext ctx) {
        BlockAxes a = BlockAxes.of(node, ctx, "paddings");
        Value x = a.x();
        long[] block = a.block();
        long[] pad = a.pairs();
        long[] dims = a.dims();
        int m = block.length;
        int r = dims.length + 1;
        long[] pads = new long[2 * r];
        long[] padded = dims.clone();
        for (int i = 0; i < m; i++) {
            pads[1 + i] = pad[2 * i];
            pads[r + 1 + i] = pad[2 * i + 1];
            padded[i] += pad[2 * i] + pad[2 * i + 1];
            if (padded[i] % block[i] != 0) {
                throw ctx.malformed(node, "padded size " + padded[i] + " of axis " + (i + 1)
                        + " is not a multiple of block size " + block[i]);
            }
        }
        Value y = x;
        if (java.util.Arrays.stream(pads).anyMatch(p -> p != 0)) {
            Map<String, Attribute> attrs = new java.util.LinkedHashMap<>();
            attrs.put("pads", new Attribute.Ints(pads));
            attrs.put("mode", new Attribute.Str("constant"));
            if (r == 4 && x.layout() == dev.rosetta.ir.Layout.NHWC) {
                attrs.put("layout", Spatial.layoutAttr(x.layout()));
            }
            y = ctx.emitHelper(node, "pad", "Pad", List.of(x), attrs);
            ImportContext.tag(y, x.layout());
        }
        // [N, d1/b1, b1, ..., dm/bm, bm, rest...]
        long[] split = new long[1 + 2 * m + (r - 1 - m)];
        split[0] = -1;
        for (int i = 0; i < m; i++) {
            split[1 + 2 * i] = padded[i] / block[i];
            split[2 + 2 * i] = block[i];
        }
        System.arraycopy(dims, m, split, 1 + 2 * m, r - 1 - m);
        y = ctx.emitHelper(node, "split", "Reshape", List.of(y), Map.of("shape", new Attribute.Ints(split)));
        // [b1, ..., bm, N, d1/b1, ..., dm/bm, rest...]
        long[] perm = new long[split.length];
        int k = 0;
        for (int i = 0; i < m; i++) {
            perm[k++] = 2 + 2 * i;
        }
        perm[k++] = 0;
        for (int i = 0; i < m; i++) {
            perm[k++] = 1 + 2 * i;
        }
        for (int i = 1 + 2 * m; i < split.length; i++) {
            perm[k++] = i;
        }
        y = ctx.emitHelper(node, "transpose", "Transpose", List.of(y), Map.of("perm", new Attribute.Ints(perm)));
        long[] merged = new long[r];
        merged[0] = -1;
        for (int i = 0; i < m; i++) {
            merged[1 + i] = padded[i] / block[i];
        }
        System.arraycopy(dims, m, merged, 1 + m, r - 1 - m);
        Value out = ctx.emit(node, "Reshape", List.of(y), Map.of("shape", new Attribute.Ints(merged)));
        ImportContext.tag(out, x.layout());
    }

    /**
     * The operands both block ops share, checked.
     *
     * @param x the input
     * @param block the block shape
     * @param pairs paddings or crops, begin/end per block axis
     * @param dims the static sizes of every axis of {@code x} but the batch
     */
    record BlockAxes(Value x, long[] block, long[] pairs, long[] dims) {
        static BlockAxes of(TfNode node, ImportContext ctx, String pairsRole) {
            Value x = ctx.input(node, 0);
            long[] block = ctx.requireInts(node, 1, "block_shape");
            long[] pairs = ctx.requireInts(node, 2, pairsRole);
            int m = block.length;
            Shape s = x.shape();
            if (!s.hasRank() || s.rank() < m + 1) {
                throw ctx.unsupported(node, "an input of unknown rank or fewer than " + (m + 1) + " axes");
            }
            Shape tail = new Shape(s.dims().subList(1, s.rank()));
            if (!tail.isStatic()) {
                throw ctx.unsupported(node, "an input whose non-batch sizes are not all known (" + s + ")");
            }
            if (pairs.length != 2 * m) {
                throw ctx.malformed(node, pairsRole + " of " + pairs.length + " values for " + m + " block dimensions");
            }
            return new BlockAxes(x, block, pairs, tail.toArray());
        }
    }
}
