package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Dim;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shared base of spatial operators (convolutions and pools). ONNX is channels-first: the
 * importer tags activations {@code NCW}/{@code NCHW}/{@code NCDHW} by rank, and the exporter
 * refuses a node whose IR {@code layout} attribute says channels-last (the layout pass must run
 * first) and drops that attribute, which ONNX does not have.
 */
public abstract class SpatialOp extends PassThroughOp {

    protected SpatialOp(String opType) {
        super(opType, Infer.NONE);
    }

    @Override
    public void importNode(OnnxNode node, ImportContext ctx) {
        Value x = node.input(0);
        tagActivation(ctx, x);
        List<Value> outs = ctx.emit(node.name(), opType(), node.inputs(), importAttributes(node), namedOutputs(node));
        tagActivation(ctx, outs.get(0));
        tagWeight(ctx, node);
    }

    /** Tags the weight input, if any; the default does nothing. */
    protected void tagWeight(ImportContext ctx, OnnxNode node) {
    }

    private static void tagActivation(ImportContext ctx, Value v) {
        if (v != null && v.shape().hasRank()) {
            Layout l = switch (v.shape().rank()) {
                case 3 -> Layout.NCW;
                case 4 -> Layout.NCHW;
                case 5 -> Layout.NCDHW;
                default -> null;
            };
            if (l != null) {
                ctx.tagLayout(v, l);
            }
        }
    }

    @Override
    public void exportNode(Node node, ExportContext ctx) {
        Map<String, Attribute> attrs = channelsFirstAttributes(node, ctx);
        exportAttributes(node, attrs, ctx);
        ctx.emit(node.name(), opType(), ctx.inputNames(node), ctx.outputNames(node), attrs);
    }

    /** Adjusts the attributes written at the target opset; the default keeps them. */
    protected void exportAttributes(Node node, Map<String, Attribute> attrs, ExportContext ctx) {
    }

    /**
     * The output spatial sizes of a sliding window over {@code x}'s spatial axes, or {@code null}.
     *
     * @param kernel kernel sizes per spatial axis
     * @param ceil whether to round up (pools with ceil_mode)
     */
    protected static List<Dim> slidingOutput(Node node, Value x, long[] kernel, boolean ceil) {
        if (!x.shape().hasRank() || kernel == null) {
            return null;
        }
        int n = x.shape().rank() - 2;
        if (n != kernel.length) {
            return null;
        }
        long[] strides = node.attrInts("strides", null);
        long[] dil = node.attrInts("dilations", null);
        long[] pads = node.attrInts("pads", null);
        String autoPad = node.attrString("auto_pad", "NOTSET");
        List<Dim> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long in = Infer.size(x.shape().dim(i + 2));
            long s = strides == null ? 1 : strides[i];
            long d = dil == null ? 1 : dil[i];
            long span = d * (kernel[i] - 1) + 1;
            if (in < 0) {
                out.add(Dim.symbol(""));
                continue;
            }
            long size;
            if (autoPad.startsWith("SAME")) {
                size = (in + s - 1) / s;
            } else if (autoPad.equals("VALID")) {
                size = (in - span) / s + 1;
            } else {
                long total = in + (pads == null ? 0 : pads[i] + pads[i + n]) - span;
                size = (ceil ? Math.ceilDiv(total, s) : Math.floorDiv(total, s)) + 1;
                if (ceil && pads != null && (size - 1) * s >= in + pads[i]) {
                    size--;
                }
            }
            if (size < 0) {
                return null;
            }
            out.add(Dim.of(size));
        }
        return out;
    }
}
