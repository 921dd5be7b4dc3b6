package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import java.util.List;
import org.tensorflow.Output;

/**
 * {@code Pad} with constant pads: {@code Pad} (zeros), {@code PadV2} (another constant) or
 * {@code MirrorPad} ({@code reflect}); negative pads (constant mode) crop with a
 * {@code StridedSlice}; {@code edge} mode is refused.
 */
final class PadEmitter implements TfEmitter {
    @Override
    public List<String> opTypes() {
        return List.of("Pad");
    }

    @Override
    public String check(Node n, EmitContext ctx) {
        long[] pads = n.attrInts("pads", null);
        String mode = n.attrString("mode", "constant");
        if (pads == null) {
            return "pads computed at run time";
        }
        if (java.util.Arrays.stream(pads).anyMatch(p -> p < 0) && !mode.equals("constant")) {
            return "negative pads (cropping) with mode '" + mode + "'";
        }
        return mode.equals("constant") || mode.equals("reflect") ? null : "mode '" + mode + "'";
    }

    @Override
    public void emit(Node n, EmitContext ctx) {
        long[] all = n.attrInts("pads", null);
        long[] pads = java.util.Arrays.stream(all).map(p -> Math.max(p, 0)).toArray();
        boolean crop = java.util.Arrays.stream(all).anyMatch(p -> p < 0);
        int r = pads.length / 2;
        long[] pairs = new long[2 * r];
        for (int i = 0; i < r; i++) {
            pairs[2 * i] = pads[i];
            pairs[2 * i + 1] = pads[i + r];
        }
        Output<?> p = ctx.constant(Tensor.ofLongs(new long[] {r, 2}, pairs), n.name() + "/paddings");
        String mode = n.attrString("mode", "constant");
        float value = n.attrFloat("value", 0f);
        Output<?> y;
        if (java.util.Arrays.stream(pads).allMatch(v -> v == 0)) {
            y = ctx.in(n, 0);
        } else if (mode.equals("reflect")) {
            y = ctx.op("MirrorPad", n.name()).addInput(ctx.in(n, 0)).addInput(p).setAttr("mode", "REFLECT")
                    .build().output(0);
        } else if (value == 0f) {
            y = ctx.op("Pad", n.name()).addInput(ctx.in(n, 0)).addInput(p).build().output(0);
        } else {
            y = ctx.op("PadV2", n.name()).addInput(ctx.in(n, 0)).addInput(p)
                    .addInput(ctx.scalar(value, n.input(0).dtype(), n.name() + "/value")).build().output(0);
        }
        if (crop) {
            y = crop(n, ctx, y, all, r);
        }
        ctx.out(n, 0, y);
    }

    /** Negative pads crop: a {@code StridedSlice} from {@code -begin} to {@code end} counted from the end. */
    private static Output<?> crop(Node n, EmitContext ctx, Output<?> y, long[] all, int r) {
        long[] begin = new long[r];
        long[] end = new long[r];
        long[] strides = new long[r];
        long endMask = 0;
        for (int i = 0; i < r; i++) {
            begin[i] = Math.max(0, -all[i]);
            end[i] = all[i + r] < 0 ? all[i + r] : 0;
            strides[i] = 1;
            if (end[i] == 0) {
                endMask |= 1L << i;
            }
        }
        return ctx.op("StridedSlice", n.name() + (java.util.Arrays.stream(all).anyMatch(p -> p > 0) ? "/crop" : ""))
                .addInput(y).addInput(ctx.int64s(begin, n.name() + "/crop_begin"))
                .addInput(ctx.int64s(end, n.name() + "/crop_end"))
                .addInput(ctx.int64s(strides, n.name() + "/crop_strides")).setAttr("end_mask", endMask)
                .build().output(0);
    }
}
