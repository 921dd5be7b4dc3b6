package dev.rosetta.formats.keras.read.layers;

import dev.rosetta.formats.keras.read.LayerConfig;
import dev.rosetta.formats.keras.read.LayerContext;
import dev.rosetta.formats.keras.read.Shapes;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Value;
import java.util.List;

/**
 * {@code Dense}: {@code MatMul} with the Keras kernel as stored ({@code (in, units)}, tagged
 * {@code IO}), {@code Add} of the bias, then the activation. Applies to the last axis of inputs of
 * any rank, as Keras does.
 */
public final class DenseLayer extends KernelLayer {
    public DenseLayer() {
        super("kernel");
    }

    @Override
    public List<Value> build(LayerContext ctx) {
        LayerConfig cfg = ctx.config();
        Value x = ctx.input();
        long units = positive(ctx, "units");
        long in = Shapes.size(x.shape(), -1);
        Value w = ctx.weight("kernel", new long[] {in, units}, Layout.IO, "input features, units " + units);
        Shape outShape = Shapes.withLast(x.shape(), units);
        Layout tag = Shapes.rank(outShape) == 2 ? Layout.NC : Layout.NONE;
        Value y = ctx.emit("MatMul", List.of(x, w), null, outShape, tag);
        if (cfg.bool("use_bias", true)) {
            Value b = ctx.weight("bias", new long[] {units}, Layout.NONE, "units " + units);
            y = ctx.emit("Add", List.of(y, b), null, outShape, tag);
        }
        return List.of(ctx.activation(y, cfg.activation("activation")));
    }
}
