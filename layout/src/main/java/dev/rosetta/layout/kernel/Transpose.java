package dev.rosetta.layout.kernel;

import dev.rosetta.ir.Tensor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * The general N-d transpose of tensor bytes: output axis {@code k} is input axis {@code perm[k]},
 * for any element size and any byte order (bytes move whole, so the order is kept).
 *
 * <p>Why it is shaped so: a naive element loop over a large weight reads with a stride of a whole
 * row per element and misses the cache on nearly every access. The problem is first reduced (size-1
 * axes dropped, axes that stay adjacent merged, see {@link TransposePlan}); then
 * <ul>
 *   <li>if the innermost axis stays innermost, each contiguous run is one {@link MemorySegment#copy}
 *       (runs of at most {@value #MAX_UNIT_ELEMENT} bytes are treated as one wide element of the
 *       remaining problem instead);</li>
 *   <li>otherwise the two innermost moving axes are tiled. For 1-, 2-, 4- and 8-byte elements with
 *       both axes long enough, {@link TileScratch} gathers a tile with bulk copies of runs of about
 *       a kilobyte, transposes it inside L2 several elements per 64-bit word
 *       ({@link WordTranspose}) and scatters it with bulk copies; otherwise a direct loop covers
 *       {@value #TILE_BYTES} bytes of the output's innermost axis per tile (written contiguously)
 *       while walking the input's innermost axis.</li>
 * </ul>
 * Tensors of {@value #PARALLEL_BYTES} bytes and more are split over the available processors by
 * default (tiles are independent); results are bit-identical to a naive loop either way.
 */
public final class Transpose {
    /** Tensors from this size up are split over the available processors by default. */
    static final long PARALLEL_BYTES = 8L << 20;

    /** Bytes of the output's innermost axis covered by one tile (64 floats). */
    static final int TILE_BYTES = 256;
    /** Elements wider than this are moved with {@link MemorySegment#copy} one by one. */
    private static final int MAX_UNIT_ELEMENT = 64;

    private static final ValueLayout.OfByte B = ValueLayout.JAVA_BYTE;
    private static final ValueLayout.OfShort S = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG_UNALIGNED;

    private Transpose() {
    }

    /**
     * A new tensor holding {@code t} transposed by {@code perm}, same dtype and byte order. The
     * result lives on the heap, or off-heap when over 2 GiB ({@link Tensor#allocate(long)}).
     *
     * @throws IllegalArgumentException when the permutation's rank differs from the tensor's
     */
    public static Tensor permute(Tensor t, Permutation perm) {
        long[] shape = t.shape();
        long[] outShape = perm.apply(shape);
        MemorySegment dst = Tensor.allocate(t.byteSize());
        permute(t.data(), shape, t.dtype().byteSize(), perm, dst);
        return Tensor.of(t.dtype(), outShape, dst, t.byteOrder());
    }

    /** {@link #permute(Tensor, Permutation)} with the permutation given as axes. */
    public static Tensor permute(Tensor t, int... perm) {
        return permute(t, Permutation.of(perm));
    }

    /**
     * Transposes raw element bytes from {@code src} into {@code dst}, for callers that stream into
     * an output they own (a mapped file region, say).
     *
     * @param src the input elements in row-major order of {@code shape}
     * @param shape the input shape
     * @param elementSize bytes per element (any positive size)
     * @param perm output axis {@code k} is input axis {@code perm[k]}
     * @param dst where the output goes; must not overlap {@code src}
     * @throws IllegalArgumentException when sizes disagree
     */
    public static void permute(MemorySegment src, long[] shape, int elementSize, Permutation perm, MemorySegment dst) {
        permute(src, shape, elementSize, perm, dst, defaultThreads(src.byteSize()));
    }

    /**
     * {@link #permute(MemorySegment, long[], int, Permutation, MemorySegment)} on at most
     * {@code threads} threads, the caller and the common {@link java.util.concurrent.ForkJoinPool}'s (1: only the
     * caller's thread; segments confined to the caller's thread are always done on it). The result
     * does not depend on the thread count.
     */
    public static void permute(MemorySegment src, long[] shape, int elementSize, Permutation perm, MemorySegment dst,
                               int threads) {
        if (elementSize <= 0) {
            throw new IllegalArgumentException("element size must be positive, got " + elementSize);
        }
        TransposePlan plan = TransposePlan.of(shape, perm);
        long bytes = Math.multiplyExact(plan.elements(), (long) elementSize);
        if (src.byteSize() != bytes || dst.byteSize() != bytes) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + elementSize
                    + "-byte elements needs " + bytes + " bytes; source has " + src.byteSize()
                    + ", destination " + dst.byteSize());
        }
        run(src, dst, plan, elementSize, threads > 1 && shareable(src) && shareable(dst) ? threads : 1);
    }

    /** True when other threads may read or write the segment (not confined to this thread). */
    private static boolean shareable(MemorySegment s) {
        return s.isAccessibleBy(Thread.ofVirtual().unstarted(() -> { }));
    }

    private static void run(MemorySegment src, MemorySegment dst, TransposePlan plan, long elementSize, int threads) {
        if (plan.elements() == 0) {
            return;
        }
        if (plan.isCopy()) {
            MemorySegment.copy(src, 0, dst, 0, plan.elements() * elementSize);
            return;
        }
        long[] shape = plan.shape();
        int[] perm = plan.perm();
        int r = shape.length;
        if (perm[r - 1] == r - 1) {
            long run = shape[r - 1] * elementSize;
            if (run <= MAX_UNIT_ELEMENT) {
                // A short contiguous run behaves as one wide element of the remaining problem.
                long[] outer = Arrays.copyOf(shape, r - 1);
                int[] outerPerm = Arrays.copyOf(perm, r - 1);
                run(src, dst, new TransposePlan(outer, outerPerm, plan.elements() / shape[r - 1]), run, threads);
            } else {
                copyRuns(src, dst, plan, run);
            }
            return;
        }
        if (elementSize > MAX_UNIT_ELEMENT) {
            copyRuns(src, dst, plan, elementSize);
        } else if (elementSize == 4 && SimdSupport.available() && VectorTranspose.fits(plan)) {
            VectorTranspose.transpose(src, dst, plan, threads);
        } else if (TileScratch.fits(plan, (int) elementSize)) {
            TileScratch.transpose(src, dst, plan, (int) elementSize, threads);
        } else {
            tiled(src, dst, plan, (int) elementSize);
        }
    }

    /** Threads the default entry points use: the available processors for large tensors, else 1. */
    static int defaultThreads(long bytes) {
        return bytes >= PARALLEL_BYTES ? Runtime.getRuntime().availableProcessors() : 1;
    }

    /**
     * Moves contiguous runs of {@code runBytes} whole, walking the output in order; the run is
     * the reduced innermost axis when it is kept, or one element.
     */
    private static void copyRuns(MemorySegment src, MemorySegment dst, TransposePlan plan, long runBytes) {
        long[] shape = plan.shape();
        int[] perm = plan.perm();
        int r = shape.length;
        boolean innerKept = perm[r - 1] == r - 1;
        int loops = innerKept ? r - 1 : r;
        long[] inStrides = plan.inputStrides();
        long unit = innerKept ? runBytes / shape[r - 1] : runBytes;
        long[] extent = new long[loops];
        long[] step = new long[loops];
        for (int k = 0; k < loops; k++) {
            extent[k] = shape[perm[k]];
            step[k] = inStrides[perm[k]] * unit;
        }
        long[] idx = new long[loops];
        long srcOff = 0;
        long dstOff = 0;
        long count = plan.elements() * unit / runBytes;
        for (long c = 0; c < count; c++) {
            MemorySegment.copy(src, srcOff, dst, dstOff, runBytes);
            dstOff += runBytes;
            for (int k = loops - 1; k >= 0; k--) {
                srcOff += step[k];
                if (++idx[k] < extent[k]) {
                    break;
                }
                srcOff -= step[k] * extent[k];
                idx[k] = 0;
            }
        }
    }

    /**
     * The cache-blocked loop: axis {@code a} (the output's innermost) is cut into tiles of
     * {@code T} elements, the input's innermost axis {@code b} runs whole inside a tile, and the
     * other axes are walked in input order around them.
     */
    private static void tiled(MemorySegment src, MemorySegment dst, TransposePlan plan, int eb) {
        long[] shape = plan.shape();
        int[] perm = plan.perm();
        int r = shape.length;
        int a = perm[r - 1];
        int b = r - 1;
        long[] inStride = plan.inputStrides();
        long[] outStride = plan.outputStridesByInputAxis();
        long tile = Math.max(1, TILE_BYTES / eb);
        // Loop axes: every input axis except b, in input order; axis a counts tiles.
        int loops = r - 1;
        long[] extent = new long[loops];
        long[] srcStep = new long[loops];
        long[] dstStep = new long[loops];
        int tileLoop = -1;
        for (int k = 0, ax = 0; ax < r; ax++) {
            if (ax == b) {
                continue;
            }
            if (ax == a) {
                extent[k] = (shape[a] + tile - 1) / tile;
                srcStep[k] = inStride[a] * tile * eb;
                dstStep[k] = outStride[a] * tile * eb;
                tileLoop = k;
            } else {
                extent[k] = shape[ax];
                srcStep[k] = inStride[ax] * eb;
                dstStep[k] = outStride[ax] * eb;
            }
            k++;
        }
        long nb = shape[b];
        long srcJ = inStride[b] * eb;
        long dstJ = outStride[b] * eb;
        long srcQ = inStride[a] * eb;
        long[] idx = new long[loops];
        long srcOff = 0;
        long dstOff = 0;
        long blocks = 1;
        for (long e : extent) {
            blocks *= e;
        }
        for (long blk = 0; blk < blocks; blk++) {
            int t = (int) Math.min(tile, shape[a] - idx[tileLoop] * tile);
            switch (eb) {
                case 1 -> block1(src, dst, srcOff, dstOff, nb, srcJ, dstJ, srcQ, t);
                case 2 -> block2(src, dst, srcOff, dstOff, nb, srcJ, dstJ, srcQ, t);
                case 4 -> block4(src, dst, srcOff, dstOff, nb, srcJ, dstJ, srcQ, t);
                case 8 -> block8(src, dst, srcOff, dstOff, nb, srcJ, dstJ, srcQ, t);
                default -> blockWide(src, dst, srcOff, dstOff, nb, srcJ, dstJ, srcQ, t, eb);
            }
            for (int k = loops - 1; k >= 0; k--) {
                srcOff += srcStep[k];
                dstOff += dstStep[k];
                if (++idx[k] < extent[k]) {
                    break;
                }
                srcOff -= srcStep[k] * extent[k];
                dstOff -= dstStep[k] * extent[k];
                idx[k] = 0;
            }
        }
    }

    private static void block1(MemorySegment src, MemorySegment dst, long s0, long d0, long nb,
                               long srcJ, long dstJ, long srcQ, int t) {
        for (long j = 0; j < nb; j++) {
            long s = s0 + j * srcJ;
            long d = d0 + j * dstJ;
            for (int q = 0; q < t; q++) {
                dst.set(B, d + q, src.get(B, s + q * srcQ));
            }
        }
    }

    private static void block2(MemorySegment src, MemorySegment dst, long s0, long d0, long nb,
                               long srcJ, long dstJ, long srcQ, int t) {
        for (long j = 0; j < nb; j++) {
            long s = s0 + j * srcJ;
            long d = d0 + j * dstJ;
            for (int q = 0; q < t; q++) {
                dst.set(S, d + 2L * q, src.get(S, s + q * srcQ));
            }
        }
    }

    private static void block4(MemorySegment src, MemorySegment dst, long s0, long d0, long nb,
                               long srcJ, long dstJ, long srcQ, int t) {
        for (long j = 0; j < nb; j++) {
            long s = s0 + j * srcJ;
            long d = d0 + j * dstJ;
            for (int q = 0; q < t; q++) {
                dst.set(I, d + 4L * q, src.get(I, s + q * srcQ));
            }
        }
    }

    private static void block8(MemorySegment src, MemorySegment dst, long s0, long d0, long nb,
                               long srcJ, long dstJ, long srcQ, int t) {
        for (long j = 0; j < nb; j++) {
            long s = s0 + j * srcJ;
            long d = d0 + j * dstJ;
            for (int q = 0; q < t; q++) {
                dst.set(L, d + 8L * q, src.get(L, s + q * srcQ));
            }
        }
    }

    /**
     * Elements of any other width up to {@value #MAX_UNIT_ELEMENT} bytes, moved in the widest
     * unit (8, 4, 2 or 1 bytes) that divides the width.
     */
    private static void blockWide(MemorySegment src, MemorySegment dst, long s0, long d0, long nb,
                                  long srcJ, long dstJ, long srcQ, int t, int eb) {
        int unit = eb % 8 == 0 ? 8 : eb % 4 == 0 ? 4 : eb % 2 == 0 ? 2 : 1;
        for (long j = 0; j < nb; j++) {
            long s = s0 + j * srcJ;
            long d = d0 + j * dstJ;
            for (int q = 0; q < t; q++) {
                long so = s + q * srcQ;
                long dq = d + (long) q * eb;
                for (int k = 0; k < eb; k += unit) {
                    switch (unit) {
                        case 8 -> dst.set(L, dq + k, src.get(L, so + k));
                        case 4 -> dst.set(I, dq + k, src.get(I, so + k));
                        case 2 -> dst.set(S, dq + k, src.get(S, so + k));
                        default -> dst.set(B, dq + k, src.get(B, so + k));
                    }
                }
            }
        }
    }
}
