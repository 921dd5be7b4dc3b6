package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Tensor;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The shared base of operators whose {@code axes} moved from an attribute to the second input at
 * some opset (Squeeze and Unsqueeze and ReduceSum at 13, the other reductions at 18). The IR holds
 * {@code axes} as an attribute; the importer folds a constant axes input into it and the exporter
 * writes the form the target opset needs.
 */
public class AxesInputOp extends PassThroughOp {
    private final int axesInputSince;

    public AxesInputOp(String opType, int axesInputSince, Consumer<Node> inference) {
        super(opType, inference);
        this.axesInputSince = axesInputSince;
    }

    /**
     * A constant axes input becomes the attribute; a computed one stays the second input (the
     * exporter can then write it only at opsets that take axes as an input).
     */
    @Override
    public void importNode(OnnxNode node, ImportContext ctx) {
        Map<String, Attribute> attrs = Attrs.copy(node.attributesWithout("consumed_inputs"));
        List<Value> inputs = List.of(node.input(0));
        if (node.opset() >= axesInputSince && node.input(1) != null) {
            Tensor axes = ctx.constant(node.input(1));
            if (axes == null) {
                inputs = List.of(node.input(0), node.input(1));
            } else {
                attrs.put("axes", Attrs.ints(axes.toLongArray()));
            }
        }
        ctx.emitSingle(node, opType(), inputs, attrs);
    }

    @Override
    public void exportNode(Node node, ExportContext ctx) {
        Map<String, Attribute> attrs = Attrs.copy(node.attributes());
        long[] axes = Attrs.getInts(attrs, "axes");
        List<String> inputs = new ArrayList<>(ctx.inputNames(node));
        if (inputs.size() > 1 && ctx.opset() < axesInputSince) {
            throw ctx.unsupported(node, "computed axes need opset " + axesInputSince);
        }
        if (ctx.opset() >= axesInputSince) {
            attrs.remove("axes");
            if (axes != null) {
                inputs = List.of(inputs.get(0), ctx.addConstant(node.name() + "_axes", Attrs.int64s(axes)));
            }
        } else if (Attrs.getInt(attrs, "noop_with_empty_axes", 0) != 0) {
            if (axes == null || axes.length == 0) {
                throw ctx.unsupported(node, "noop_with_empty_axes needs opset " + axesInputSince);
            }
            attrs.remove("noop_with_empty_axes");
        }
        ctx.emit(node.name(), opType(), inputs, ctx.outputNames(node), attrs);
    }

    /** The node's axes normalized against {@code rank}, or {@code null} when it has none. */
    protected static int[] axes(Node node, int rank) {
        long[] a = node.attrInts("axes", null);
        if (a == null) {
            return null;
        }
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = Infer.axis(a[i], rank);
        }
        return out;
    }

    /** Input 0 of a node, for subclasses. */
    protected static Value data(Node node) {
        return node.input(0);
    }
}
