package dev.rosetta.formats.keras.write.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rosetta.formats.keras.write.ExportContext;
import dev.rosetta.formats.keras.write.KerasLayer;
import dev.rosetta.formats.keras.write.KerasPadding;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Value;
import java.util.List;

/** Helpers shared by the sliding-window exporters (conv, pool): tuples and explicit padding layers. */
final class Windows {
    private Windows() {
    }

    /** A JSON list of integers. */
    static ArrayNode ints(ObjectNode parent, String key, long[] values) {
        ArrayNode a = parent.putArray(key);
        for (long v : values) {
            a.add(v);
        }
        return a;
    }

    /** An attribute of {@code n} integers, or {@code fill} repeated. */
    static long[] attr(Node node, String key, int n, long fill) {
        long[] v = node.attrInts(key, null);
        if (v == null) {
            v = new long[n];
            java.util.Arrays.fill(v, fill);
        }
        return v;
    }

    /**
     * The layer a window reads: {@code input} itself, or a {@code ZeroPadding1D/2D} layer in front
     * of it when the padding is explicit.
     */
    static KerasLayer padded(ExportContext ctx, Node node, KerasLayer input, Value x, KerasPadding p) {
        if (p.explicit() == null || input == null) {
            return input;
        }
        int n = p.explicit().length;
        ObjectNode c = ctx.config();
        if (n == 1) {
            c.putArray("padding").add(p.explicit()[0][0]).add(p.explicit()[0][1]);
        } else {
            ArrayNode a = c.putArray("padding");
            for (long[] e : p.explicit()) {
                a.addArray().add(e[0]).add(e[1]);
            }
            c.put("data_format", "channels_last");
        }
        KerasLayer pad = ctx.add(ExportContext.layerName(node) + "_pad", n == 1 ? "ZeroPadding1D" : "ZeroPadding2D", c, List.of(input));
        long[] shape = ExportContext.kerasShape(x.shape());
        if (pad != null && shape != null) {
            for (int i = 0; i < n; i++) {
                if (shape[1 + i] >= 0) {
                    shape[1 + i] += p.explicit()[i][0] + p.explicit()[i][1];
                }
            }
            pad.setOutputShape(shape);
        }
        return pad;
    }
}
