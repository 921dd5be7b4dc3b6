package dev.rosetta.formats.keras.read.layers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rosetta.formats.keras.read.Attrs;
import dev.rosetta.formats.keras.read.LayerConfig;
import dev.rosetta.formats.keras.read.LayerContext;
import dev.rosetta.formats.keras.read.LayerMapping;
import dev.rosetta.formats.keras.read.Shapes;
import dev.rosetta.ir.Value;
import java.util.List;

/**
 * {@code ZeroPadding1D/2D} and {@code Cropping1D/2D}: ONNX {@code Pad} (constant 0) with static
 * {@code pads} in the tensor's own axis order; cropping is negative padding, which ONNX's
 * {@code Pad} defines as removing elements.
 */
public final class ZeroPaddingLayer implements LayerMapping {
    private final String key;
    private final int sign;

    private ZeroPaddingLayer(String key, int sign) {
        this.key = key;
        this.sign = sign;
    }

    /** {@code ZeroPadding1D/2D}. */
    public static ZeroPaddingLayer padding() {
        return new ZeroPaddingLayer("padding", 1);
    }

    /** {@code Cropping1D/2D}. */
    public static ZeroPaddingLayer cropping() {
        return new ZeroPaddingLayer("cropping", -1);
    }

    @Override
    public List<Value> build(LayerContext ctx) {
        LayerConfig cfg = ctx.config();
        int n = SpatialInput.dims(cfg.className());
        boolean cf = n > 1 && cfg.channelsFirst();
        Value x = SpatialInput.of(ctx, n);
        long[][] amounts = amounts(cfg, n);
        int rank = n + 2;
        long[] pads = new long[2 * rank];
        long[] sizes = Shapes.spatialSizes(x.shape(), n, cf);
        for (int i = 0; i < n; i++) {
            int axis = Shapes.spatialAxis(i, cf);
            pads[axis] = sign * amounts[i][0];
            pads[axis + rank] = sign * amounts[i][1];
            sizes[i] = sizes[i] < 0 ? -1 : sizes[i] + sign * (amounts[i][0] + amounts[i][1]);
            if (sign < 0 && sizes[i] == 0 || sizes[i] < -1) {
                throw ctx.bad(key + " removes every element of spatial axis " + i);
            }
        }
        Attrs a = Attrs.of().s("mode", "constant").ints("pads", pads).f("value", 0)
                .s("layout", Shapes.layoutName(rank, cf));
        return List.of(ctx.emit("Pad", List.of(x), a.build(), Shapes.spatial(x.shape(), cf, sizes, -1),
                Shapes.layoutTag(rank, cf)));
    }

    /** Per spatial axis {begin, end}: an int, a pair per axis, or (2-D) a pair of pairs. */
    private long[][] amounts(LayerConfig cfg, int n) {
        JsonNode v = cfg.json().get(key);
        long[][] out = new long[n][2];
        if (v == null || v.isNull()) {
            long d = key.equals("padding") ? 1 : 0;
            for (long[] o : out) {
                o[0] = d;
                o[1] = d;
            }
            return out;
        }
        if (v.isIntegralNumber()) {
            for (long[] o : out) {
                o[0] = v.asLong();
                o[1] = v.asLong();
            }
        } else if (v.isArray() && n == 1 && v.size() == 2 && v.get(0).isIntegralNumber()) {
            out[0][0] = v.get(0).asLong();
            out[0][1] = v.get(1).asLong();
        } else if (v.isArray() && v.size() == n && v.get(0).isIntegralNumber()) {
            for (int i = 0; i < n; i++) {
                out[i][0] = v.get(i).asLong();
                out[i][1] = v.get(i).asLong();
            }
        } else if (v.isArray() && v.size() == n && v.get(0).isArray()) {
            for (int i = 0; i < n; i++) {
                JsonNode p = v.get(i);
                if (!p.isArray() || p.size() != 2 || !p.get(0).isIntegralNumber() || !p.get(1).isIntegralNumber()) {
                    throw cfg.bad(key, "expected pairs of integers, found " + v);
                }
                out[i][0] = p.get(0).asLong();
                out[i][1] = p.get(1).asLong();
            }
        } else {
            throw cfg.bad(key, "expected an integer, " + n + " integers or " + n + " pairs, found " + v);
        }
        for (long[] o : out) {
            if (o[0] < 0 || o[1] < 0) {
                throw cfg.bad(key, "expected non-negative amounts, found " + v);
            }
        }
        return out;
    }
}
