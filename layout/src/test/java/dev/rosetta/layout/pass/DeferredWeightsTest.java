package dev.rosetta.layout.pass;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.ir.DType;
import dev.rosetta.ir.Tensor;
import dev.rosetta.layout.kernel.WeightPermutations;
import dev.rosetta.layout.kernel.WeightTransform;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Lazily re-laid weights hold the same bytes as the eager transforms, computed only when read. */
class DeferredWeightsTest {

    private static Tensor random(DType dtype, long... shape) {
        Random r = new Random(7);
        double[] v = new double[(int) Tensor.elementCount(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextInt(1000) - 500;
        }
        return Tensor.fromDoubles(dtype, shape, v);
    }

    private static byte[] streamed(Tensor t) {
        MemorySegment out = MemorySegment.ofArray(new byte[(int) t.byteSize()]);
        t.copyTo(out);
        return out.toArray(ValueLayout.JAVA_BYTE);
    }

    @Test
    void aDeferredPermutationStreamsTheEagerBytesWithoutKeepingThem() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT16, DType.INT64}) {
            Tensor w = random(dtype, 24, 16, 3, 3);
            WeightTransform t = WeightPermutations.oihwToHwio(w.shape());
            Tensor lazy = DeferredWeights.apply(t, w);
            assertTrue(lazy.isDeferred(), dtype.name());
            assertArrayEquals(t.targetShape(), lazy.shape());
            assertArrayEquals(t.apply(w).toLittleEndianBytes(), streamed(lazy), dtype.name());
            assertTrue(lazy.isDeferred(), "streaming keeps nothing");
            assertTrue(t.apply(w).contentEquals(lazy), "a plain read sees the same bytes");
            assertFalse(lazy.isDeferred(), "a plain read keeps them");
        }
    }

    @Test
    void bigEndianSourcesKeepTheirByteOrder() {
        Tensor w = random(DType.FLOAT32, 5, 7).withByteOrder(ByteOrder.BIG_ENDIAN);
        WeightTransform t = WeightPermutations.oiToIo(w.shape());
        Tensor lazy = DeferredWeights.apply(t, w);
        assertEquals(ByteOrder.BIG_ENDIAN, lazy.byteOrder());
        assertArrayEquals(t.apply(w).data().toArray(ValueLayout.JAVA_BYTE), streamed(lazy));
    }

    @Test
    void multiStepAndChainedTransformsMatchTheEagerOnes() {
        Tensor dw = random(DType.FLOAT32, 6, 1, 3, 3);
        WeightTransform depthwise = WeightPermutations.depthwiseOihwToHwcm(dw.shape(), 3);
        assertArrayEquals(depthwise.apply(dw).toLittleEndianBytes(), streamed(DeferredWeights.apply(depthwise, dw)));

        Tensor fc = random(DType.FLOAT32, 4, 12);
        WeightTransform flatten = WeightPermutations.flattenChwToHwc(fc.shape(), 1, 3, 2, 2);
        WeightTransform transpose = WeightPermutations.oiToIo(fc.shape());
        Tensor first = DeferredWeights.apply(flatten, fc);
        Tensor both = DeferredWeights.apply(transpose, first);
        assertArrayEquals(flatten.then(transpose).apply(fc).toLittleEndianBytes(), streamed(both));
        assertTrue(first.isDeferred(), "a weight permuted twice does not keep its intermediate");
    }

    @Test
    void aTransformThatMovesNothingIsAView() {
        Tensor w = random(DType.FLOAT32, 8, 1, 1, 1);
        Tensor view = DeferredWeights.apply(WeightPermutations.oihwToHwio(w.shape()), w);
        assertFalse(view.isDeferred());
        assertArrayEquals(new long[] {1, 1, 1, 8}, view.shape());
        assertTrue(w.reshape(1, 1, 1, 8).contentEquals(view));
        assertThrows(IllegalArgumentException.class,
                () -> DeferredWeights.apply(WeightPermutations.oihwToHwio(new long[] {2, 2, 3, 3}), w));
    }
}
