package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Output;

/**
 * {@code Unsqueeze}: one {@code ExpandDims} per axis, in ascending order of the axes taken relative
 * to the output's rank (which needs the input's rank when an axis is negative).
 */
final class UnsqueezeEmitter implements TfEmitter {
    @Override
    public List<String> opTypes() {
        return List.of("Unsqueeze");
    }

    @Override
    public String check(Node n, EmitContext ctx) {
        long[] axes = n.attrInts("axes", null);
        if (axes == null) {
            return "axes computed at run time";
        }
        boolean negative = Arrays.stream(axes).anyMatch(a -> a < 0);
        return negative && !n.input(0).shape().hasRank() ? "negative axes on an input of unknown rank" : null;
    }

    @Override
    public void emit(Node n, EmitContext ctx) {
        long[] axes = n.attrInts("axes", null).clone();
        if (Arrays.stream(axes).anyMatch(a -> a < 0)) {
            int out = n.input(0).shape().rank() + axes.length;
            for (int i = 0; i < axes.length; i++) {
                axes[i] = axes[i] < 0 ? axes[i] + out : axes[i];
            }
        }
        Arrays.sort(axes);
        Output<?> y = ctx.in(n, 0);
        for (int i = 0; i < axes.length; i++) {
            Output<?> dim = ctx.constant(Tensor.ofInts(new long[0], (int) axes[i]), n.name() + "/axis");
            y = ctx.op("ExpandDims", i == axes.length - 1 ? n.name() : n.name() + "/" + i).addInput(y).addInput(dim)
                    .build().output(0);
        }
        ctx.out(n, 0, y);
    }
}
