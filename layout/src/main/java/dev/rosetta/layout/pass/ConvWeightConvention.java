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
            Layout tag = w.layout();
            WeightTransform t = null;
            Layout to = null;
            if (channelsFirst) {
                if (transposed && tag == Layout.HWOI && s.length == 4) {
                    t = WeightPermutations.hwoiToIohw(s);
                    to = Layout.IOHW;
                } else if (!transposed && tag == Layout.HWIO && s.length == 4) {
                    t = WeightPermutations.hwioToOihw(s);
                    to = Layout.OIHW;
                } else if (!transposed && tag == Layout.HWCM && s.length == 4) {
                    t = WeightPermutations.hwcmToDepthwiseOihw(s);
                    to = Layout.OIHW;
                } else if (!transposed && tag == Layout.WIO && s.length == 3) {
                    t = WeightPermutations.wioToOiw(s);
                    to = Layout.OIW;
                }
            } else if (n.attrInt("group", 1) == 1) {
                if (transposed && tag == Layout.IOHW && s.length == 4) {
                    t = WeightPermutations.iohwToHwoi(s);
                    to = Layout.HWOI;
                } else if (!transposed && tag == Layout.OIHW && s.length == 4) {
                    t = WeightPermutations.oihwToHwio(s);
                    to = Layout.HWIO;
                } else if (!transposed && tag == Layout.OIW && s.length == 3) {
                    t = WeightPermutations.oiwToWio(s);
                    to = Layout.WIO;
                }
            }
            if (t != null) {
                constants.transform(n, 1, t, to, n.opType() + " '" + n.name() + "' runs "
                        + (channelsFirst ? "channels-first" : "channels-last") + " but its weight was " + tag);
            }
        }
        constants.dropOrphans();
        return log.isEmpty() ? PassResult.unchanged() : PassResult.changed(log);
    }
}
