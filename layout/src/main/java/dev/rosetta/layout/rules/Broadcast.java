package dev.rosetta.layout.rules;

import dev.rosetta.ir.Layout;
import dev.rosetta.layout.kernel.Permutation;
import dev.rosetta.layout.kernel.TransformStep;
import dev.rosetta.layout.kernel.WeightTransform;
import java.util.Arrays;
import java.util.List;

/**
 * The rewrite of a constant operand that broadcasts against a rank-R activation (NumPy rules:
 * aligned from the right). The operand is viewed at full rank with leading 1s, permuted like the
 * activation, and, when it had fewer axes, stripped of leading 1s again: a per-channel (C, 1, 1)
 * against NCHW becomes (C) against NHWC; a (1, C, 1, 1) becomes (1, 1, 1, C).
 */
final class Broadcast {
    private Broadcast() {
    }

    /** The transform for a constant of {@code shape} against a rank-{@code rank} activation. */
    static WeightTransform of(long[] shape, int rank, Permutation perm, Layout source, Layout target) {
        if (shape.length > rank) {
            throw new IllegalArgumentException("operand " + Arrays.toString(shape) + " has more axes than rank " + rank);
        }
        long[] padded = new long[rank];
        Arrays.fill(padded, 1);
        System.arraycopy(shape, 0, padded, rank - shape.length, shape.length);
        long[] permuted = perm.apply(padded);
        long[] result = permuted;
        if (shape.length < rank) {
            int lead = 0;
            while (lead < rank - 1 && permuted[lead] == 1) {
                lead++;
            }
            result = Arrays.copyOfRange(permuted, lead, rank);
        }
        return new WeightTransform("broadcast " + source.axes() + "->" + target.axes(), shape,
                List.of(new TransformStep(padded, perm)), result);
    }
}
