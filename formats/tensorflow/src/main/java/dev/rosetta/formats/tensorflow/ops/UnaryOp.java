package dev.rosetta.formats.tensorflow.ops;

import dev.rosetta.formats.tensorflow.graph.TfNode;
import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Value;
import java.util.List;
import java.util.Map;

/**
 * The shared base of elementwise ops with one input that map to one IR op with fixed
 * attributes ({@code Relu} → {@code Relu}, {@code Relu6} → {@code Clip(0, 6)}, ...). The output
 * keeps the input's layout tag.
 */
class UnaryOp implements TfOpMapping {
    private final String tfOp;
    private final String irOp;
    private final Map<String, Attribute> attrs;

    UnaryOp(String tfOp, String irOp, Map<String, Attribute> attrs) {
        this.tfOp = tfOp;
        this.irOp = irOp;
        this.attrs = Map.copyOf(attrs);
    }

    UnaryOp(String tfOp, String irOp) {
        this(tfOp, irOp, Map.of());
    }

    @Override
    public List<String> opTypes() {
        return List.of(tfOp);
    }

    @Override
    public void importNode(TfNode node, ImportContext ctx) {
        Value x = ctx.input(node, 0);
        Value y = ctx.emit(node, irOp, List.of(x), attributes(node, ctx));
        ImportContext.tag(y, x.layout());
    }

    /** The IR attributes for this node; the fixed ones by default. */
    Map<String, Attribute> attributes(TfNode node, ImportContext ctx) {
        return attrs;
    }
}
