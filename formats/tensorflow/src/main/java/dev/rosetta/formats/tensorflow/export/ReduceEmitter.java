package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.Node;
import java.util.List;
import java.util.Map;

/**
 * {@code ReduceMean}, {@code ReduceMax}, {@code ReduceMin}, {@code ReduceSum}, {@code ReduceProd}:
 * TensorFlow's {@code Mean}, {@code Max}, {@code Min}, {@code Sum}, {@code Prod} over the axes (all
 * when absent and the rank is known), {@code keep_dims} from {@code keepdims}. No axes with
 * {@code noop_with_empty_axes=1} (the input unchanged) is refused.
 */
final class ReduceEmitter implements TfEmitter {
    private static final Map<String, String> TF_OPS = Map.of("ReduceMean", "Mean", "ReduceMax", "Max",
            "ReduceMin", "Min", "ReduceSum", "Sum", "ReduceProd", "Prod");

    @Override
    public List<String> opTypes() {
        return List.copyOf(new java.util.TreeSet<>(TF_OPS.keySet()));
    }

    @Override
    public String check(Node n, EmitContext ctx) {
        if (n.inputs().size() > 1 && n.input(1) != null) {
            return "axes computed at run time";
        }
        if (n.attrInt("noop_with_empty_axes", 0) != 0 && n.attrInts("axes", new long[0]).length == 0) {
            return "noop_with_empty_axes=1 without axes";
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
        ctx.out(n, 0, ctx.op(TF_OPS.get(n.opType()), n.name()).addInput(ctx.in(n, 0))
                .addInput(ctx.int32s(axes(n), n.name() + "/axes"))
                .setAttr("keep_dims", n.attrInt("keepdims", 1) != 0).build().output(0));
    }
}
