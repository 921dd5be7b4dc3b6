package dev.rosetta.layout.rules;

import dev.rosetta.ir.Node;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The one table of layout rules, by ONNX op type (default domain). Immutable; ops it does not list
 * have no layout-aware form and keep their source layout behind boundary transposes.
 */
public final class RuleTable {
    private final Map<String, OpRule> rules;

    private RuleTable(Map<String, OpRule> rules) {
        this.rules = Map.copyOf(rules);
    }

    /** Every rule this module knows. */
    public static RuleTable standard() {
        Map<String, OpRule> m = new TreeMap<>();
        OpRule spatial = new SpatialRule();
        SpatialRule.OPS.forEach(op -> m.put(op, spatial));
        OpRule elementwise = new ElementwiseRule();
        ElementwiseRule.UNARY.forEach(op -> m.put(op, elementwise));
        ElementwiseRule.BROADCASTING.forEach(op -> m.put(op, elementwise));
        OpRule axis = new AxisRule();
        AxisRule.DEFAULT_AXIS.keySet().forEach(op -> m.put(op, axis));
        OpRule axes = new AxesRule();
        AxesRule.OPS.forEach(op -> m.put(op, axes));
        m.put("Unsqueeze", new UnsqueezeRule());
        m.put("Flatten", new FlattenRule());
        m.put("Reshape", new ReshapeRule());
        m.put("Transpose", new TransposeRule());
        m.put("Pad", new PadRule());
        OpRule resize = new ResizeRule();
        m.put("Resize", resize);
        m.put("Upsample", resize);
        m.put("Slice", new SliceRule());
        return new RuleTable(m);
    }

    /** The rule for a node, or {@code null} when its op has no layout-aware form. */
    public OpRule get(Node n) {
        if (!n.domain().isEmpty() && !n.domain().equals("ai.onnx")) {
            return null;
        }
        return rules.get(n.opType());
    }

    /** The op types that have a rule, sorted. */
    public Set<String> ops() {
        return new java.util.TreeSet<>(rules.keySet());
    }
}
