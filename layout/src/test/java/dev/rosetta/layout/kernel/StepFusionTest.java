package dev.rosetta.layout.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.ir.DType;
import dev.rosetta.ir.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Fused steps move the bytes exactly as the steps one after the other do. */
class StepFusionTest {

    private static Tensor numbered(long... shape) {
        long n = Tensor.elementCount(shape);
        MemorySegment seg = Tensor.allocate(n * 4);
        for (long i = 0; i < n; i++) {
            seg.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i, (int) i);
        }
        return Tensor.of(DType.INT32, shape, seg, java.nio.ByteOrder.nativeOrder());
    }

    private static Tensor stepByStep(Tensor t, List<TransformStep> steps) {
        Tensor cur = t;
        for (TransformStep s : steps) {
            cur = s.apply(cur);
        }
        return cur;
    }

    @Test
    void flattenRowsThenDenseTransposeIsOneTranspose() {
        long[] dense = {10, 3 * 4 * 5};
        WeightTransform t = WeightPermutations.flattenChwToHwc(dense, 1, 3, 4, 5)
                .then(WeightPermutations.oiToIo(new long[] {10, 60}));
        assertEquals(2, t.steps().size());
        List<TransformStep> fused = t.fusedSteps();
        assertEquals(1, fused.size(), "one pass, no intermediate: " + fused);
        Tensor w = numbered(dense);
        assertTrue(stepByStep(w, fused).data().mismatch(stepByStep(w, t.steps()).data()) == -1);
        assertTrue(t.apply(w).reshape(stepByStep(w, fused).shape()).data().mismatch(stepByStep(w, fused).data()) == -1);
    }

    @Test
    void aReshapeAcrossAxesDoesNotFuse() {
        TransformStep first = new TransformStep(new long[] {4, 6}, Permutation.of(1, 0));   // -> [6, 4]
        TransformStep second = new TransformStep(new long[] {4, 6}, Permutation.of(1, 0));  // 6 is cut by 4
        assertNull(StepFusion.fuse(first, second));
        assertEquals(2, StepFusion.fuse(List.of(first, second)).size());
    }

    @Test
    void randomChainsFuseToTheSameBytes() {
        Random r = new Random(7);
        long[][] shapes = {{2, 3, 4, 5}, {6, 1, 5, 2}, {3, 3, 8}, {16, 9}, {2, 2, 2, 2, 3}};
        int fusedSome = 0;
        for (int trial = 0; trial < 300; trial++) {
            long[] view1 = shapes[r.nextInt(shapes.length)];
            TransformStep first = new TransformStep(view1, randomPerm(r, view1.length));
            long[] result = first.resultShape();
            long[] view2 = randomRegrouping(r, result);
            TransformStep second = new TransformStep(view2, randomPerm(r, view2.length));
            TransformStep fused = StepFusion.fuse(first, second);
            if (fused == null) {
                continue;
            }
            fusedSome++;
            Tensor w = numbered(view1);
            Tensor expected = second.apply(first.apply(w));
            Tensor actual = fused.apply(w);
            assertEquals(-1, actual.data().mismatch(expected.data()), first + " then " + second + " as " + fused);
        }
        assertTrue(fusedSome > 100, "most regroupings fuse: " + fusedSome);
    }

    private static Permutation randomPerm(Random r, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int x = p[i];
            p[i] = p[j];
            p[j] = x;
        }
        return Permutation.of(p);
    }

    /** {@code shape} with some neighbouring axes merged, or the axes split into a factor and the rest. */
    private static long[] randomRegrouping(Random r, long[] shape) {
        java.util.List<Long> out = new java.util.ArrayList<>();
        for (long d : shape) {
            if (!out.isEmpty() && r.nextInt(3) == 0) {
                out.set(out.size() - 1, out.get(out.size() - 1) * d);
            } else if (d % 2 == 0 && d > 2 && r.nextInt(3) == 0) {
                out.add(2L);
                out.add(d / 2);
            } else {
                out.add(d);
            }
        }
        if (r.nextInt(10) == 0 && out.size() >= 2) {
            // A regrouping that cuts across axes (when the sizes allow): swap the first two sizes' product split.
            long a = out.remove(0);
            long b = out.remove(0);
            out.add(0, b);
            out.add(0, a);
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }
}
