package dev.rosetta.formats.onnx.ops;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Node;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The shared base of operators whose ONNX form is the IR form: inputs, outputs and attributes
 * are copied both ways. Only the legacy attributes of early opsets ({@code consumed_inputs},
 * {@code is_test}) are dropped on import, since they have no effect at inference.
 *
 * <p>A trivial operator is registered as one line, {@code new PassThroughOp("Relu", Infer.SAME)};
 * an operator with a little more to it subclasses this and overrides one method.
 */
public class PassThroughOp implements OnnxOpMapping {
    private static final String[] LEGACY = {"consumed_inputs", "is_test"};

    private final String opType;
    private final Consumer<Node> inference;
    private final int since;

    /**
     * @param opType the ONNX op type
     * @param inference fills output types of an IR node (see {@link Infer}); may be a no-op
     */
    public PassThroughOp(String opType, Consumer<Node> inference) {
        this(opType, 1, inference);
    }

    /**
     * @param opType the ONNX op type
     * @param since the first opset that has the operator: it cannot be written below
     * @param inference fills output types of an IR node (see {@link Infer}); may be a no-op
     */
    public PassThroughOp(String opType, int since, Consumer<Node> inference) {
        this.opType = opType;
        this.inference = inference;
        this.since = since;
    }

    @Override
    public String opType() {
        return opType;
    }

    @Override
    public void importNode(OnnxNode node, ImportContext ctx) {
        ctx.emit(node.name(), opType, node.inputs(), importAttributes(node), namedOutputs(node));
    }

    /** The attributes to keep on import; the default drops legacy ones. */
    protected Map<String, Attribute> importAttributes(OnnxNode node) {
        return node.attributesWithout(LEGACY);
    }

    /** The node's output names with trailing omitted ones dropped. */
    protected static List<String> namedOutputs(OnnxNode node) {
        int n = node.outputs().size();
        while (n > 0 && node.output(n - 1).isEmpty()) {
            n--;
        }
        return node.outputs().subList(0, n);
    }

    @Override
    public void exportNode(Node node, ExportContext ctx) {
        if (ctx.opset() < since) {
            throw ctx.unsupported(node, opType + " exists from opset " + since);
        }
        ctx.emit(node.name(), opType, ctx.inputNames(node), ctx.outputNames(node), channelsFirstAttributes(node, ctx));
    }

    /**
     * The node's attributes without the IR's {@code layout} attribute, which ONNX does not have.
     * ONNX is channels-first: a node whose layout says channels-last is refused (the layout pass
     * must convert the graph first).
     */
    protected static Map<String, Attribute> channelsFirstAttributes(Node node, ExportContext ctx) {
        Map<String, Attribute> attrs = Attrs.copy(node.attributes());
        String layout = Attrs.getString(attrs, "layout");
        if (layout != null && !layout.startsWith("NC")) {
            throw ctx.unsupported(node, "layout " + layout + " is channels-last; ONNX needs channels-first "
                    + "(convert the layout first)");
        }
        attrs.remove("layout");
        return attrs;
    }

    @Override
    public void inferTypes(Node node) {
        inference.accept(node);
    }
}
