package dev.rosetta.formats.keras.read.layers;

import dev.rosetta.formats.keras.read.LayerContext;
import dev.rosetta.formats.keras.read.LayerMapping;
import dev.rosetta.ir.Value;
import java.util.List;

/**
 * Elementwise merges of two or more inputs: {@code Add}, {@code Multiply}, {@code Maximum},
 * {@code Minimum} fold the ONNX binary op over the inputs; {@code Subtract} takes exactly two;
 * {@code Average} is the sum times {@code 1/n}.
 */
public final class MergeLayer implements LayerMapping {
    private final String op;
    private final boolean average;

    private MergeLayer(String op, boolean average) {
        this.op = op;
        this.average = average;
    }

    /** A merge folding the ONNX op {@code op} ({@code Add}, {@code Mul}, {@code Max}, {@code Min}, {@code Sub}). */
    public static MergeLayer of(String op) {
        return new MergeLayer(op, false);
    }

    /** {@code Average}. */
    public static MergeLayer average() {
        return new MergeLayer("Add", true);
    }

    @Override
    public List<Value> build(LayerContext ctx) {
        List<Value> ins = ctx.inputs();
        if (ins.size() < 2 || op.equals("Sub") && ins.size() != 2) {
            throw ctx.bad("expected " + (op.equals("Sub") ? "exactly 2" : "at least 2") + " inputs, found " + ins.size());
        }
        Value acc = ins.get(0);
        for (int i = 1; i < ins.size(); i++) {
            Value b = ins.get(i);
            Value shapeOf = acc.shape().hasRank() ? acc : b;
            acc = ctx.emit(op, List.of(acc, b), null, shapeOf.shape(), shapeOf.layout());
        }
        if (average) {
            acc = ctx.emit("Mul", List.of(acc, ctx.scalar("inverse_count", 1.0 / ins.size())), null, acc.shape(),
                    acc.layout());
        }
        return List.of(acc);
    }
}
