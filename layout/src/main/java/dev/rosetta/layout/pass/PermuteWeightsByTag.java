package dev.rosetta.layout.pass;

import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Layout;
import dev.rosetta.ir.Value;
import dev.rosetta.ir.pass.GraphPass;
import dev.rosetta.ir.pass.PassResult;
import dev.rosetta.layout.DenseWeights;
import dev.rosetta.layout.Direction;
import dev.rosetta.layout.kernel.WeightPermutations;
import dev.rosetta.layout.kernel.WeightTransform;
import dev.rosetta.layout.naming.TransformLedger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Re-lays initializers that no node reads (a weights-only model: a state dict, a Keras weights
 * file) by their layout tags: to channels-last OIHW→HWIO, OIW→WIO, IOHW→HWOI; to channels-first
 * HWIO→OIHW, HWCM→depthwise OIHW, HWOI→IOHW, WIO→OIW; dense OI⇄IO as {@link DenseWeights} asks.
 * Untagged tensors are left alone: without a graph, only a tag (from a naming scheme or the
 * reader) says what a tensor's axes are. A depthwise kernel tagged OIHW cannot be told from a
 * regular one without its graph and is treated as regular. The permutation is
 * {@linkplain DeferredWeights deferred} until the weight is read or written.
 */
public final class PermuteWeightsByTag implements GraphPass {
    private final Direction direction;
    private final DenseWeights dense;
    private final TransformLedger ledger;

    /** @param ledger where the transforms are recorded, or {@code null} */
    public PermuteWeightsByTag(Direction direction, DenseWeights dense, TransformLedger ledger) {
        this.direction = direction;
        this.dense = dense;
        this.ledger = ledger == null ? TransformLedger.discard() : ledger;
    }

    @Override
    public String name() {
        return "permute-weights-by-tag";
    }

    @Override
    public PassResult run(Graph graph) {
        List<String> log = new ArrayList<>();
        for (Value v : graph.initializers()) {
            if (!v.uses().isEmpty()) {
                continue;
            }
            long[] s = v.constant().shape();
            WeightTransform t = null;
            Layout tag = null;
            Layout l = v.layout();
            if (direction == Direction.TO_CHANNELS_LAST) {
                if (l == Layout.OIHW && s.length == 4) {
                    t = WeightPermutations.oihwToHwio(s);
                    tag = Layout.HWIO;
                } else if (l == Layout.OIW && s.length == 3) {
                    t = WeightPermutations.oiwToWio(s);
                    tag = Layout.WIO;
                } else if (l == Layout.IOHW && s.length == 4) {
                    t = WeightPermutations.iohwToHwoi(s);
                    tag = Layout.HWOI;
                }
            } else {
                if (l == Layout.HWIO && s.length == 4) {
                    t = WeightPermutations.hwioToOihw(s);
                    tag = Layout.OIHW;
                } else if (l == Layout.HWCM && s.length == 4) {
                    t = WeightPermutations.hwcmToDepthwiseOihw(s);
                    tag = Layout.OIHW;
                } else if (l == Layout.WIO && s.length == 3) {
                    t = WeightPermutations.wioToOiw(s);
                    tag = Layout.OIW;
                } else if (l == Layout.HWOI && s.length == 4) {
                    t = WeightPermutations.hwoiToIohw(s);
                    tag = Layout.IOHW;
                }
            }
            if (s.length == 2 && l == Layout.OI && dense == DenseWeights.IO) {
                t = WeightPermutations.oiToIo(s);
                tag = Layout.IO;
            } else if (s.length == 2 && l == Layout.IO && dense == DenseWeights.OI) {
                t = WeightPermutations.ioToOi(s);
                tag = Layout.OI;
            }
            if (t != null) {
                v.setConstant(DeferredWeights.apply(t, v.constant()));
                v.setLayout(tag);
                ledger.transformed(v, t);
                log.add("weight '" + v.name() + "' " + t.label() + " " + Arrays.toString(s) + " -> "
                        + Arrays.toString(t.targetShape()) + " (weights-only, by its tag)");
            }
        }
        return log.isEmpty() ? PassResult.unchanged() : PassResult.changed(log);
    }
}
