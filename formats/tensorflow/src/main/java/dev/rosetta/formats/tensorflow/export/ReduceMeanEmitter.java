package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.Node;
import java.util.List;

/** {@code ReduceMean}: {@code Mean} over the axes (all when absent and the rank is known), {@code keep_dims} from {@code keepdims}. */
final class ReduceMeanEmitter implements TfEmitter {
    @Override
    public List<String> opTypes() {
        return List.of("ReduceMean");
    }

    @Override
    public String check(Node n, EmitContext ctx) {
        if (n.inputs().size() > 1 && n.input(1) != null) {
            return "axes computed at run time";
        }
        return axes(n) == null ? "no axes and an input of unknown rank" : null;
    }

    private static long[] axes(Node n) {
        long[] axes = n.attrInts("axes", null);
        if (axes == null && n.input(0).shape().hasRank()) {
            axes = new long[n.input(0).shape().rank()];
            for (int i = 0; i < axes.length; i++) {
                axes[i] = i;
            }
        }
        return axes;
    }

    @Override
    public void emit(Node n, EmitContext ctx) {
        ctx.out(n, 0, ctx.op("Mean", n.name()).addInput(ctx.in(n, 0))
                .addInput(ctx.int32s(axes(n), n.name() + "/axes"))
                .setAttr("keep_dims", n.attrInt("keepdims", 1) != 0).build().output(0));
    }
}
