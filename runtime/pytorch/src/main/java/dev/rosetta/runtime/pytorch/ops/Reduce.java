package dev.rosetta.runtime.pytorch.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Mean or max over several axes in one reduction. DJL's PyTorch engine reduces one axis at a time,
 * so the reduced axes are moved last and merged, reduced once, and the result reshaped.
 */
final class Reduce {
    private Reduce() {
    }

    static NDArray over(NDArray x, int[] axes, boolean keepDims, boolean max) {
        Shape s = x.getShape();
        int r = s.dimension();
        int[] sorted = Arrays.stream(axes).distinct().sorted().toArray();
        if (sorted.length == 1) {
            return max ? x.max(sorted, keepDims) : x.mean(sorted, keepDims);
        }
        List<Integer> perm = new ArrayList<>();
        List<Long> kept = new ArrayList<>();
        long[] outShape = new long[keepDims ? r : r - sorted.length];
        int o = 0;
        for (int i = 0; i < r; i++) {
            boolean reduced = Arrays.binarySearch(sorted, i) >= 0;
            if (!reduced) {
                perm.add(i);
                kept.add(s.get(i));
            }
            if (!reduced || keepDims) {
                outShape[o++] = reduced ? 1 : s.get(i);
            }
        }
        for (int a : sorted) {
            perm.add(a);
        }
        long[] merged = new long[kept.size() + 1];
        for (int i = 0; i < kept.size(); i++) {
            merged[i] = kept.get(i);
        }
        merged[kept.size()] = -1;
        NDArray flat = x.transpose(perm.stream().mapToInt(Integer::intValue).toArray()).reshape(merged);
        int last = kept.size();
        NDArray y = max ? flat.max(new int[] {last}, false) : flat.mean(new int[] {last}, false);
        return y.reshape(outShape);
    }
}
