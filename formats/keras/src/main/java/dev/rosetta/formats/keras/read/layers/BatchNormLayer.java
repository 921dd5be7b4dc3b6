package dev.rosetta.formats.keras.read.layers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rosetta.formats.keras.read.Attrs;
import dev.rosetta.formats.keras.read.LayerConfig;
import dev.rosetta.formats.keras.read.LayerContext;
import dev.rosetta.formats.keras.read.LayerMapping;
import dev.rosetta.formats.keras.read.Shapes;
import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code BatchNormalization} (inference): ONNX {@code BatchNormalization} with {@code epsilon} and
 * {@code momentum}; the normalized axis (the last, or axis 1) sets the node's {@code layout}. A
 * missing {@code gamma} ({@code scale: false}) or {@code beta} ({@code center: false}) becomes a
 * constant of ones or zeros.
 */
public final class BatchNormLayer implements LayerMapping {
    @Override
    public List<String> variables(LayerConfig cfg) {
        List<String> v = new ArrayList<>();
        if (cfg.bool("scale", true)) {
            v.add("gamma");
        }
        if (cfg.bool("center", true)) {
            v.add("beta");
        }
        v.add("moving_mean");
        v.add("moving_variance");
        return v;
    }

    @Override
    public List<String> unsupported(LayerConfig cfg) {
        JsonNode axis = cfg.json().get("axis");
        if (axis != null && axis.isArray() && axis.size() != 1) {
            return List.of("normalizing over several axes " + axis + " is not supported");
        }
        return List.of();
    }

    @Override
    public List<Value> build(LayerContext ctx) {
        LayerConfig cfg = ctx.config();
        Value x = ctx.input();
        int rank = Shapes.rank(x.shape());
        long axis = cfg.integer("axis", -1);
        boolean last;
        if (rank < 0) {
            last = axis == -1;
            if (!last && axis != 1) {
                throw ctx.bad("normalizes axis " + axis + " of an input of unknown rank; only the last axis or axis 1 can be read");
            }
        } else {
            long a = axis < 0 ? axis + rank : axis;
            if (a < 1 || a >= rank) {
                throw ctx.bad("axis " + axis + " is out of range for an input of rank " + rank);
            }
            last = a == rank - 1;
            if (!last && a != 1) {
                throw new dev.rosetta.error.UnsupportedFeatureException(ctx.config().describe() + " normalizes axis " + axis
                        + " of a rank-" + rank + " input; only the last axis or axis 1 is supported");
            }
        }
        long c = rank < 0 ? -1 : Shapes.size(x.shape(), last ? rank - 1 : 1);
        Value mean = ctx.weight("moving_mean", new long[] {c}, Layout.NONE, "the normalized axis' size");
        long channels = ((Dim.Fixed) mean.shape().dims().get(0)).size();
        long[] cs = {channels};
        Value var = ctx.weight("moving_variance", cs, Layout.NONE, "the normalized axis' size");
        Value gamma = cfg.bool("scale", true) ? ctx.weight("gamma", cs, Layout.NONE, "the normalized axis' size")
                : ctx.constant("gamma", filled(ctx, channels, 1.0), Layout.NONE);
        Value beta = cfg.bool("center", true) ? ctx.weight("beta", cs, Layout.NONE, "the normalized axis' size")
                : ctx.constant("beta", filled(ctx, channels, 0.0), Layout.NONE);
        int r = rank < 0 ? 4 : rank;
        Attrs a = Attrs.of().f("epsilon", cfg.num("epsilon", 1e-3)).f("momentum", cfg.num("momentum", 0.99))
                .s("layout", Shapes.layoutName(r, !last || r == 2));
        return List.of(ctx.emit("BatchNormalization", List.of(x, gamma, beta, mean, var), a.build(), x.shape(), x.layout()));
    }

    private static Tensor filled(LayerContext ctx, long n, double v) {
        double[] d = new double[Math.toIntExact(n)];
        Arrays.fill(d, v);
        return Tensor.fromDoubles(ctx.dtype(), new long[] {n}, d);
    }
}
