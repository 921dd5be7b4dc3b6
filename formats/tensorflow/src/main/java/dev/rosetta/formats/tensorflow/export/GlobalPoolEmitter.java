package dev.rosetta.formats.tensorflow.export;

import dev.rosetta.ir.Node;
import java.util.List;
import org.tensorflow.Output;

/** {@code GlobalAveragePool}/{@code GlobalMaxPool}: {@code Mean}/{@code Max} over H and W, dims kept. */
final class GlobalPoolEmitter implements TfEmitter {
    @Override
    public List<String> opTypes() {
        return List.of("GlobalAveragePool", "GlobalMaxPool");
    }

    @Override
    public String check(Node n, EmitContext ctx) {
        return SpatialEmit.check(n, ctx);
    }

    @Override
    public void emit(Node n, EmitContext ctx) {
        Output<?> x = SpatialEmit.input(n, ctx);
        Output<?> y = ctx.op(n.opType().equals("GlobalAveragePool") ? "Mean" : "Max", n.name()).addInput(x)
                .addInput(ctx.int32s(new long[] {1, 2}, n.name() + "/axes")).setAttr("keep_dims", true)
                .build().output(0);
        SpatialEmit.output(n, ctx, y);
    }
}
