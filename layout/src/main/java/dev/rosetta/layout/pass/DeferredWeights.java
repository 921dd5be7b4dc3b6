package dev.rosetta.layout.pass;

import dev.rosetta.ir.Tensor;
import dev.rosetta.layout.kernel.TransformStep;
import dev.rosetta.layout.kernel.Transpose;
import dev.rosetta.layout.kernel.WeightTransform;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;

/**
 * Applies a {@link WeightTransform} to a weight lazily: the result is a
 * {@linkplain Tensor#deferred deferred} tensor of the target shape whose bytes are permuted from
 * the source only when someone reads them. A streaming writer permutes each weight straight into
 * its reused buffer as it writes it, so a layout conversion does not copy every kernel of a model
 * into the heap first; any other reader gets the permuted bytes on first read, as if the pass had
 * permuted them itself.
 *
 * <p>A transform that moves nothing is a plain view of the source (no copy at all). The deferred
 * result reads the source's bytes when filled, so the source (a mapped file) must stay open as long
 * as the result is used, as for any tensor of the model.
 */
final class DeferredWeights {
    private DeferredWeights() {
    }

    /** A weight still to be re-laid: {@code transform} of {@code base}'s bytes. */
    private record Relaid(WeightTransform transform, Tensor base) implements Tensor.Fill {
        @Override
        public void into(MemorySegment dst) {
            fill(transform, base, dst);
        }
    }

    /**
     * {@code t} applied to {@code source}: same dtype and byte order, shape {@code t.targetShape()}.
     * When {@code source} is itself a weight this class re-lays and nobody has read yet (the
     * flatten-row permutation, then the dense transpose), the result re-lays the original weight
     * by both transforms at once, which {@link WeightTransform#fusedSteps} usually makes one pass.
     */
    static Tensor apply(WeightTransform t, Tensor source) {
        if (!Arrays.equals(source.shape(), t.sourceShape())) {
            throw new IllegalArgumentException("transform '" + t.label() + "' applies to "
                    + Arrays.toString(t.sourceShape()) + ", not to " + Arrays.toString(source.shape()));
        }
        if (t.movesNothing()) {
            return source.reshape(t.targetShape());
        }
        Tensor base = source;
        WeightTransform whole = t;
        if (source.pendingFill() instanceof Relaid r) {
            base = r.base();
            whole = r.transform().then(t);
        }
        return Tensor.deferred(source.dtype(), t.targetShape(), source.byteOrder(), new Relaid(whole, base));
    }

    /**
     * Runs the transform's steps from the source's bytes into {@code dst}. A deferred source (a
     * weight permuted twice) and the intermediate results of a several-step transform go to
     * off-heap buffers of an explicit arena, freed as soon as {@code dst} is filled: they neither
     * stay beside the result nor count against the heap (or the JVM's limit on GC-managed native
     * memory, which is the heap's size by default).
     */
    private static void fill(WeightTransform t, Tensor source, MemorySegment dst) {
        int elementSize = source.dtype().byteSize();
        List<TransformStep> steps = t.fusedSteps();
        try (Arena scratch = Arena.ofShared()) {
            MemorySegment cur = source.isDeferred() ? computed(source, scratch) : source.data();
            if (steps.isEmpty()) {
                MemorySegment.copy(cur, 0, dst, 0, dst.byteSize());
            }
            for (int k = 0; k < steps.size(); k++) {
                TransformStep s = steps.get(k);
                MemorySegment out = k == steps.size() - 1 ? dst : scratch.allocate(cur.byteSize(), 64);
                Transpose.permute(cur, s.view(), elementSize, s.perm(), out);
                cur = out;
            }
        }
    }

    private static MemorySegment computed(Tensor deferred, Arena arena) {
        MemorySegment bytes = arena.allocate(deferred.byteSize(), 64);
        deferred.copyTo(bytes);
        return bytes;
    }
}
