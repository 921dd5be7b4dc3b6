package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import java.util.List;
import org.tensorflow.Output;

/** {@code Concat}: {@code ConcatV2} with the axis as a scalar constant. */
final class ConcatEmitter implements TfEmitter {
    @Override
    public List<String> opTypes() {
        return List.of("Concat");
    }

    @Override
    public void emit(Node n, EmitContext ctx) {
        Output<?>[] in = new Output<?>[n.inputs().size()];
        for (int i = 0; i < in.length; i++) {
            in[i] = ctx.in(n, i);
        }
        Output<?> axis = ctx.constant(Tensor.ofInts(new long[0], (int) n.attrInt("axis", 0)), n.name() + "/axis");
        ctx.out(n, 0, ctx.op("ConcatV2", n.name()).addInputList(in).addInput(axis).build().output(0));
    }
}
