package dev.rosetta.layout.pass;

import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Node;
import dev.rosetta.ir.Value;
import dev.rosetta.ir.pass.GraphPass;
import dev.rosetta.ir.pass.PassResult;
import dev.rosetta.layout.Direction;
import dev.rosetta.layout.kernel.WeightPermutations;
import dev.rosetta.layout.kernel.WeightTransform;
import dev.rosetta.layout.naming.TransformLedger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Gives every convolution's constant weight the convention of the layout the convolution runs in,
 * before any layout change: a channels-first Conv reads OIHW / OIW (ConvTranspose IOHW), a
 * channels-last one HWIO / WIO (HWOI). Keras keeps its kernel HWIO whatever the layer's
 * {@code data_format}, and TensorFlow keeps its filter HWIO for an NCHW convolution too, so a
 * channels-first layer read from either holds an HWIO (or depthwise HWCM) weight: written to ONNX
 * as it was, ONNX Runtime refused the model ("kernel_shape is not compatible with W shape"), and
 * the layout passes, which expect a convolution's own convention, could not move it. Only weights
 * whose tag names the other convention are permuted (lazily, as every re-laid weight); untagged
 * ones are left to {@link InferLayoutTags}, which tags them by the convolution's convention.
 */
public final class ConvWeightConvention implements GraphPass {
    /**
     * One re-layout: a weight tagged {@code from} (of {@code rank} axes) of a convolution that runs
     * channels-first or not, transposed or not, becomes {@code to}. A channels-last grouped
     * convolution is left alone (its OIHW weight may be depthwise, which needs the group count).
     */
    private record Rule(boolean channelsFirst, boolean transposed, Layout from, int rank,
                        Function<long[], WeightTransform> permutation, Layout to) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule(true, false, Layout.HWIO, 4, WeightPermutations::hwioToOihw, Layout.OIHW),
            new Rule(true, false, Layout.HWCM, 4, WeightPermutations::hwcmToDepthwiseOihw, Layout.OIHW),
            new Rule(true, false, Layout.WIO, 3, WeightPermutations::wioToOiw, Layout.OIW),
            new Rule(true, true, Layout.HWOI, 4, WeightPermutations::hwoiToIohw, Layout.IOHW),
            new Rule(false, false, Layout.OIHW, 4, WeightPermutations::oihwToHwio, Layout.HWIO),
            new Rule(false, false, Layout.OIW, 3, WeightPermutations::oiwToWio, Layout.WIO),
            new Rule(false, true, Layout.IOHW, 4, WeightPermutations::iohwToHwoi, Layout.HWOI));

    private final TransformLedger ledger;

    /** @param ledger where the permutations are recorded, or {@code null} */
    public ConvWeightConvention(TransformLedger ledger) {
        this.ledger = ledger == null ? TransformLedger.discard() : ledger;
    }

    @Override
    public String name() {
        return "conv-weight-convention";
    }

    @Override
    public void requires(Graph graph) {
        graph.validate();
    }

    @Override
    public PassResult run(Graph graph) {
        List<String> log = new ArrayList<>();
        ConstantRewriter constants = new ConstantRewriter(graph, new NameSupply(graph), ledger, log);
        for (Node n : List.copyOf(graph.nodes())) {
            boolean transposed = n.opType().equals("ConvTranspose");
            Value w = n.input(1);
            if (!n.opType().equals("Conv") && !transposed || w == null || !w.isConstant()) {
                continue;
            }
            boolean channelsFirst;
            try {
                channelsFirst = Direction.isChannelsFirstAttribute(n.attrString("layout", null));
            } catch (IllegalArgumentException e) {
                continue;
            }
            long[] s = w.constant().shape();
            boolean grouped = n.attrInt("group", 1) != 1;
            Rule rule = RULES.stream().filter(r -> r.channelsFirst == channelsFirst && r.transposed == transposed
                    && r.from == w.layout() && r.rank == s.length && (channelsFirst || !grouped)).findFirst().orElse(null);
            if (rule != null) {
                constants.transform(n, 1, rule.permutation.apply(s), rule.to, n.opType() + " '" + n.name() + "' runs "
                        + (channelsFirst ? "channels-first" : "channels-last") + " but its weight was " + rule.from);
            }
        }
        constants.dropOrphans();
        return log.isEmpty() ? PassResult.unchanged() : PassResult.changed(log);
    }
}
