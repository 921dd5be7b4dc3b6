package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Shape;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.List;

/** {@code ConvTranspose}: copied as is; a 2-D weight is tagged IOHW. */
public final class ConvTransposeOp extends SpatialOp {
    public ConvTransposeOp() {
        super("ConvTranspose");
    }

    @Override
    protected void tagWeight(ImportContext ctx, OnnxNode node) {
        Value w = node.input(1);
        if (w != null && w.shape().hasRank() && w.shape().rank() == 4) {
            ctx.tagLayout(w, Layout.IOHW);
        }
    }

    @Override
    public void inferTypes(Node node) {
        Value x = node.input(0);
        Value w = node.input(1);
        Shape out = null;
        if (w != null && w.shape().isStatic() && x.shape().hasRank() && node.attribute("output_shape") == null
                && node.attrString("auto_pad", "NOTSET").equals("NOTSET")) {
            long[] ws = w.shape().toArray();
            int n = ws.length - 2;
            long[] strides = node.attrInts("strides", null);
            long[] dil = node.attrInts("dilations", null);
            long[] pads = node.attrInts("pads", null);
            long[] outPad = node.attrInts("output_padding", null);
            long[] kernel = node.attrInts("kernel_shape", java.util.Arrays.copyOfRange(ws, 2, ws.length));
            List<Dim> dims = new ArrayList<>();
            dims.add(x.shape().dim(0));
            dims.add(Dim.of(ws[1] * node.attrInt("group", 1)));
            for (int i = 0; i < n && x.shape().rank() == n + 2; i++) {
                long in = Infer.size(x.shape().dim(i + 2));
                long s = strides == null ? 1 : strides[i];
                long d = dil == null ? 1 : dil[i];
                long size = s * (in - 1) + (outPad == null ? 0 : outPad[i]) + ((kernel[i] - 1) * d + 1)
                        - (pads == null ? 0 : pads[i] + pads[i + n]);
                dims.add(in < 0 ? Dim.symbol("") : Dim.of(Math.max(size, 0)));
            }
            out = dims.size() == n + 2 ? new Shape(dims) : null;
        }
        Infer.set(node.output(0), x.dtype(), out);
    }
}
