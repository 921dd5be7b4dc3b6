package dev.rosetta.formats.keras.write;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rosetta.error.UnsupportedFeatureException;
import dev.rosetta.formats.keras.write.ops.SwishFusion;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Model;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Value;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an IR graph into a Keras Functional model ({@link KerasGraph}): one input layer per graph
 * input, then each node through its {@link OpExporter}, in topological order. The architecture is
 * the graph's own (a torchvision ResNet stays a ResNet). The graph must be channels-last; every
 * node that cannot be written is listed in one {@link UnsupportedFeatureException}.
 */
public final class KerasExporter {
    private KerasExporter() {
    }

    /**
     * {@link #export(Model, int, boolean)} without keras.applications names.
     *
     * @throws UnsupportedFeatureException listing every node, input or output that has no Keras form
     */
    public static KerasGraph export(Model model, int kerasMajor) {
        return export(model, kerasMajor, false);
    }

    /**
     * The model as a Keras Functional graph whose layers are in Keras's {@code model.layers} order
     * ({@link KerasLayerOrder}), the order its weights are written in.
     *
     * @param kerasMajor 2 for legacy HDF5 (tf.keras), 3 for a Keras 3 archive
     * @param kerasApplicationsNames lay a ResNet out as keras.applications does when its weights
     *     carry keras.applications names ({@link KerasApplicationsResNet})
     * @throws UnsupportedFeatureException listing every node, input or output that has no Keras form
     */
    public static KerasGraph export(Model model, int kerasMajor, boolean kerasApplicationsNames) {
        Graph g = model.graph();
        if (!model.hasComputation()) {
            throw new UnsupportedFeatureException("model '" + g.name() + "' has no graph (weights only); write it "
                    + "with option weights-only=true, or read its architecture first");
        }
        KerasGraph out = new KerasGraph(ExportContext.sanitize(g.name()));
        ExportContext ctx = new ExportContext(g, kerasMajor, out);
        for (Value in : g.inputs()) {
            if (in.isConstant()) {
                continue;
            }
            ObjectNode c = JsonNodeFactory.instance.objectNode();
            long[] shape = ExportContext.kerasShape(in.shape());
            if (shape == null) {
                ctx.problem("input '" + in.name() + "' has unknown rank; Keras needs the input shape");
                continue;
            }
            ArrayNode s = c.putArray(kerasMajor >= 3 ? "batch_shape" : "batch_input_shape");
            for (long d : shape) {
                if (d < 0) {
                    s.addNull();
                } else {
                    s.add(d);
                }
            }
            c.put("dtype", in.dtype() == null ? "float32" : in.dtype().shortName());
            c.put("sparse", false);
            KerasLayer layer = ctx.add(in.name(), "InputLayer", c, List.of());
            ctx.bind(in, layer);
            out.inputs().add(layer.name());
        }
        SwishFusion.prepare(ctx);
        for (Node n : topological(g)) {
            if (ctx.isAbsorbed(n)) {
                continue;
            }
            OpExporter e = n.domain().isEmpty() || n.domain().equals("ai.onnx") ? OpExporters.get(n.opType()) : null;
            if (e == null) {
                ctx.problem(n, "operator " + (n.domain().isEmpty() ? "" : n.domain() + ".") + n.opType()
                        + " has no Keras layer mapping");
                continue;
            }
            ctx.exporting(n);
            e.export(ctx, n);
        }
        ctx.exporting(null);
        for (Value o : g.outputs()) {
            KerasLayer l = ctx.producer(o);
            if (l == null) {
                if (ctx.problems().isEmpty()) {
                    ctx.problem("output '" + o.name() + "' is not produced by any written layer");
                }
                continue;
            }
            out.outputs().add(l.name());
        }
        List<String> problems = ctx.problems();
        if (!problems.isEmpty()) {
            throw new UnsupportedFeatureException("cannot write graph '" + g.name() + "' as a Keras model: "
                    + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                    + " (mapped operators: " + String.join(", ", OpExporters.opTypes()) + ")", problems);
        }
        if (kerasApplicationsNames) {
            KerasApplicationsResNet.adapt(out);
        }
        KerasLayerOrder.sort(out);
        return out;
    }

    /** The nodes in an order where every producer comes before its readers (insertion order kept). */
    static List<Node> topological(Graph g) {
        Map<Node, Boolean> done = new IdentityHashMap<>();
        List<Node> order = new ArrayList<>();
        for (Node n : g.nodes()) {
            visit(n, done, order, 0);
        }
        return order;
    }

    private static void visit(Node n, Map<Node, Boolean> done, List<Node> order, int depth) {
        if (done.containsKey(n)) {
            return;
        }
        if (depth > 100_000) {
            throw new UnsupportedFeatureException("graph is too deep to order");
        }
        done.put(n, Boolean.TRUE);
        for (Value in : n.inputs()) {
            if (in != null && in.producer() != null) {
                visit(in.producer(), done, order, depth + 1);
            }
        }
        order.add(n);
    }
}
