package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.List;

/** {@code Conv} (groups, dilations, pads, auto_pad): copied as is; the weight is tagged OIW/OIHW. */
public final class ConvOp extends SpatialOp {
    public ConvOp() {
        super("Conv");
    }

    @Override
    protected void tagWeight(ImportContext ctx, OnnxNode node) {
        Value w = node.input(1);
        if (w != null && w.shape().hasRank()) {
            if (w.shape().rank() == 3) {
                ctx.tagLayout(w, Layout.OIW);
            } else if (w.shape().rank() == 4) {
                ctx.tagLayout(w, Layout.OIHW);
            }
        }
    }

    @Override
    public void inferTypes(Node node) {
        Value x = node.input(0);
        Value w = node.input(1);
        Shape out = null;
        if (w != null && w.shape().hasRank() && x.shape().hasRank()) {
            long[] kernel = node.attrInts("kernel_shape", null);
            if (kernel == null && w.shape().isStatic()) {
                long[] ws = w.shape().toArray();
                kernel = java.util.Arrays.copyOfRange(ws, 2, ws.length);
            }
            List<Dim> spatial = slidingOutput(node, x, kernel, false);
            if (spatial != null) {
                List<Dim> dims = new ArrayList<>();
                dims.add(x.shape().dim(0));
                dims.add(w.shape().dim(0));
                dims.addAll(spatial);
                out = new Shape(dims);
            }
        }
        Infer.set(node.output(0), x.dtype(), out);
    }
}
