package dev.rosetta.layout.pass;

import dev.rosetta.ir.Tensor;
import dev.rosetta.layout.kernel.TransformStep;
import dev.rosetta.layout.kernel.Transpose;
import dev.rosetta.layout.kernel.WeightTransform;
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

    /** {@code t} applied to {@code source}: same dtype and byte order, shape {@code t.targetShape()}. */
    static Tensor apply(WeightTransform t, Tensor source) {
        if (!Arrays.equals(source.shape(), t.sourceShape())) {
            throw new IllegalArgumentException("transform '" + t.label() + "' applies to "
                    + Arrays.toString(t.sourceShape()) + ", not to " + Arrays.toString(source.shape()));
        }
        if (t.movesNothing()) {
            return source.reshape(t.targetShape());
        }
        return Tensor.deferred(source.dtype(), t.targetShape(), source.byteOrder(), dst -> fill(t, source, dst));
    }

    private static void fill(WeightTransform t, Tensor source, MemorySegment dst) {
        MemorySegment bytes = bytesOf(source);
        List<TransformStep> steps = t.steps();
        if (steps.size() == 1) {
            TransformStep s = steps.get(0);
            Transpose.permute(bytes, s.view(), source.dtype().byteSize(), s.perm(), dst);
        } else {
            Tensor in = Tensor.of(source.dtype(), source.shape(), bytes, source.byteOrder());
            MemorySegment.copy(t.apply(in).data(), 0, dst, 0, dst.byteSize());
        }
    }

    /**
     * The source's bytes; a deferred source (a weight permuted twice) is computed into a temporary
     * copy rather than kept, so it does not stay in the heap beside the result.
     */
    private static MemorySegment bytesOf(Tensor source) {
        if (!source.isDeferred()) {
            return source.data();
        }
        MemorySegment tmp = Tensor.allocate(source.byteSize());
        source.copyTo(tmp);
        return tmp;
    }
}
