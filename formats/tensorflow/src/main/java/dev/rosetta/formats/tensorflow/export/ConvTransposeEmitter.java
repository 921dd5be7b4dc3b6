package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Tensor;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Output;

/**
 * {@code ConvTranspose} (2-D, one group): {@code Conv2DBackpropInput} with an HWOI filter (an
 * IOHW weight is permuted). The output size is computed from the input's static height and width
 * (or taken from {@code output_shape}); the batch size is read at run time. Pads are the forward
 * convolution's: {@code SAME}, {@code VALID} or {@code EXPLICIT}.
 */
final class ConvTransposeEmitter implements TfEmitter {
    private static final int[] IOHW_TO_HWOI = {2, 3, 1, 0};

    @Override
    public List<String> opTypes() {
        return List.of("ConvTranspose");
    }

    @Override
    public String check(Node n, EmitContext ctx) {
        String why = SpatialEmit.check(n, ctx);
        if (why != null) {
            return why;
        }
        if (n.attrInt("group", 1) != 1) {
            return "group " + n.attrInt("group", 1);
        }
        Shape w = n.input(1).shape();
        if (!w.isStatic() || w.rank() != 4) {
            return "a weight of unknown shape " + w;
        }
        if (SpatialEmit.inputHw(n) == null) {
            return "an input of unknown height or width";
        }
        if (!n.attrString("auto_pad", "NOTSET").equals("NOTSET")) {
            return "auto_pad " + n.attrString("auto_pad", "");
        }
        return null;
    }

    @Override
    public void emit(Node n, EmitContext ctx) {
        long[] s = n.input(1).shape().toArray();
        Layout l = EmitContext.weightLayout(n.input(1), SpatialEmit.channelsLast(n), false);
        boolean hwoi = l == Layout.HWOI;
        long[] kernel = hwoi ? new long[] {s[0], s[1]} : new long[] {s[2], s[3]};
        long outChannels = hwoi ? s[2] : s[1];
        long[] strides = SpatialEmit.pair(n, "strides", 1);
        long[] dil = SpatialEmit.pair(n, "dilations", 1);
        long[] pads = n.attrInts("pads", new long[4]);
        long[] outPad = n.attrInts("output_padding", new long[2]);
        long[] in = SpatialEmit.inputHw(n);
        long[] out = n.attrInts("output_shape", null);
        if (out == null) {
            out = new long[2];
            for (int i = 0; i < 2; i++) {
                out[i] = strides[i] * (in[i] - 1) + (kernel[i] - 1) * dil[i] + 1 - pads[i] - pads[i + 2] + outPad[i];
            }
        }
        Output<?> x = SpatialEmit.input(n, ctx);
        Output<?> filter = ctx.permutedInput(n, 1, hwoi ? null : IOHW_TO_HWOI, null);
        Output<?> shape = ctx.op("Shape", n.name() + "/input_shape").addInput(x)
                .setAttr("out_type", org.tensorflow.proto.DataType.DT_INT32).build().output(0);
        Output<?> batch = ctx.op("StridedSlice", n.name() + "/batch").addInput(shape)
                .addInput(ctx.int32s(new long[] {0}, n.name() + "/begin"))
                .addInput(ctx.int32s(new long[] {1}, n.name() + "/end"))
                .addInput(ctx.int32s(new long[] {1}, n.name() + "/stride")).build().output(0);
        Output<?> rest = ctx.int32s(new long[] {out[0], out[1], outChannels}, n.name() + "/output_hwc");
        Output<?> sizes = ctx.op("ConcatV2", n.name() + "/input_sizes").addInputList(new Output<?>[] {batch, rest})
                .addInput(ctx.constant(Tensor.ofInts(new long[0], 0), n.name() + "/axis")).build().output(0);
        String padding;
        long[] same = SpatialEmit.same(out, kernel, strides, dil);
        var b = ctx.op("Conv2DBackpropInput", n.name()).addInput(sizes).addInput(filter).addInput(x)
                .setAttr("strides", SpatialEmit.nhwc(strides)).setAttr("dilations", SpatialEmit.nhwc(dil))
                .setAttr("data_format", "NHWC");
        if (Arrays.stream(pads).allMatch(p -> p == 0)) {
            padding = "VALID";
        } else if (Arrays.equals(pads, same)) {
            padding = "SAME";
        } else {
            padding = "EXPLICIT";
            b.setAttr("explicit_paddings", new long[] {0, 0, pads[0], pads[2], pads[1], pads[3], 0, 0});
        }
        Output<?> y = b.setAttr("padding", padding).build().output(0);
        if (n.input(2) != null) {
            y = ctx.op("BiasAdd", n.name() + "/bias").addInput(y).addInput(ctx.in(n, 2))
                    .setAttr("data_format", "NHWC").build().output(0);
        }
        SpatialEmit.output(n, ctx, y);
    }
}
