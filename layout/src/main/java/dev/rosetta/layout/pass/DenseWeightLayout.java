package dev.rosetta.layout.pass;

import dev.rosetta.ir.Attribute;
import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Value;
import dev.rosetta.ir.pass.GraphPass;
import dev.rosetta.ir.pass.PassResult;
import dev.rosetta.layout.DenseWeights;
import dev.rosetta.layout.kernel.WeightPermutations;
import dev.rosetta.layout.naming.TransformLedger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Puts every Gemm's constant weight in one layout: (out, in) with {@code transB=1} (PyTorch, ONNX
 * exports) or (in, out) with {@code transB=0} (Keras, TensorFlow), transposing the weight
 * statically and flipping {@code transB}, so the result is unchanged. For the (out, in) layout a
 * MatMul of a 2-D activation by a constant (in, out) weight (a Keras Dense) becomes the equivalent
 * Gemm with {@code transB=1}, so PyTorch's Linear finds its weight as (out, in); other MatMuls are
 * left alone (their weight is (in, out) by definition).
 */
public final class DenseWeightLayout implements GraphPass {
    private final DenseWeights target;
    private final TransformLedger ledger;

    /** @param ledger where the transposes are recorded, or {@code null} */
    public DenseWeightLayout(DenseWeights target, TransformLedger ledger) {
        this.target = Objects.requireNonNull(target, "target");
        this.ledger = ledger == null ? TransformLedger.discard() : ledger;
    }

    @Override
    public String name() {
        return "dense-weights-" + target.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public void requires(Graph graph) {
        graph.validate();
    }

    @Override
    public PassResult run(Graph graph) {
        if (target == DenseWeights.KEEP) {
            return PassResult.unchanged();
        }
        List<String> log = new ArrayList<>();
        ConstantRewriter constants = new ConstantRewriter(graph, new NameSupply(graph), ledger, log);
        boolean wantTransB = target == DenseWeights.OI;
        for (Node n : List.copyOf(graph.nodes())) {
            if (wantTransB && isDenseMatMul(n)) {
                n = toGemm(graph, n);
            }
            Value b = n.input(1);
            if (!n.opType().equals("Gemm") || b == null || !b.isConstant() || b.constant().rank() != 2) {
                continue;
            }
            boolean transB = n.attrInt("transB", 0) != 0;
            if (transB == wantTransB) {
                continue;
            }
            long[] s = b.constant().shape();
            constants.transform(n, 1, transB ? WeightPermutations.oiToIo(s) : WeightPermutations.ioToOi(s),
                    wantTransB ? Layout.OI : Layout.IO, "Gemm '" + n.name() + "' now has transB=" + (wantTransB ? 1 : 0));
            n.setAttribute("transB", new Attribute.Int(wantTransB ? 1 : 0));
        }
        constants.dropOrphans();
        return log.isEmpty() ? PassResult.unchanged() : PassResult.changed(log);
    }

    /** A MatMul of a rank-2 activation by a constant rank-2 weight. */
    private static boolean isDenseMatMul(Node n) {
        Value a = n.input(0);
        Value b = n.input(1);
        return n.opType().equals("MatMul") && a != null && !a.isConstant() && a.shape().hasRank()
                && a.shape().rank() == 2 && b != null && b.isConstant() && b.constant().rank() == 2;
    }

    /** Replaces MatMul(a, w) by Gemm(a, w) with transB=0 (same result), keeping names and uses. */
    private static Node toGemm(Graph graph, Node matMul) {
        Value oldOut = matMul.output(0);
        Value out = new Value(oldOut.name(), oldOut.dtype(), oldOut.shape(), oldOut.layout());
        oldOut.setName(oldOut.name() + "#matmul");
        Node gemm = new Node(matMul.name(), "Gemm", List.of(matMul.input(0), matMul.input(1)), List.of(out),
                java.util.Map.of("transB", new Attribute.Int(0)));
        for (Value.Usage u : List.copyOf(oldOut.uses())) {
            u.node().replaceInputWith(u.index(), out);
        }
        for (int i = 0; i < graph.outputs().size(); i++) {
            if (graph.outputs().get(i) == oldOut) {
                graph.setOutput(i, out);
            }
        }
        graph.insertBefore(matMul, gemm);
        graph.removeNode(matMul);
        return gemm;
    }

    @Override
    public void ensures(Graph graph) {
        graph.validate();
    }
}
