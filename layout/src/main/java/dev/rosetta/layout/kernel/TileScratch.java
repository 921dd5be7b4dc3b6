package dev.rosetta.layout.kernel;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The fast path of {@link Transpose} for 1-, 2-, 4- and 8-byte elements: the output's innermost
 * axis {@code a} ("rows") and the contiguous block of input axes inside {@code a} ("columns")
 * are cut into tiles of about {@value #TILE_BYTES} bytes.
 *
 * <p>Why it is shaped so: a tile is gathered with one bulk {@link MemorySegment#copy} per input
 * run (one for the whole tile when the runs are adjacent) into a {@code long[]} scratch that stays
 * in L2, transposed there by {@link WordTranspose} (several elements per 64-bit word, so a 4-byte
 * tile moves with one load and one store per two elements), and scattered with one bulk copy per
 * output run, merged when adjacent. Runs are kept near {@value #RUN_BYTES} bytes on both sides so
 * the per-copy overhead is amortized, and scratch rows are padded by a cache line so strided
 * accesses do not alias in the L1 sets. Bytes move raw, so any byte order is kept; the word
 * arithmetic assumes a little-endian host ({@link #fits} says no elsewhere).
 *
 * <p>Independent row tiles may run on several threads ({@link ParallelParts}); each task owns
 * its scratch arrays and writes a disjoint part of the output.
 */
final class TileScratch {
    /** Scratch bytes per side (input tile, output tile): well inside a core's L2. */
    static final int TILE_BYTES = 128 << 10;
    /** Preferred length of one contiguous run, in bytes, on the input and on the output side. */
    static final int RUN_BYTES = 1024;
    /** Scratch rows at least this long are padded by {@value #PAD_LONGS} longs. */
    private static final int PAD_FROM_LONGS = 64;
    /** One cache line of padding, so rows a power of two apart do not share L1 sets. */
    private static final int PAD_LONGS = 8;
    /** Below this extent on either side the direct tiled loop is as good. */
    private static final int MIN_EXTENT = 8;

    private TileScratch() {
    }

    /** True when this path handles the plan: 1/2/4/8-byte elements, both extents long enough, LE host. */
    static boolean fits(TransposePlan plan, int eb) {
        if (eb != 1 && eb != 2 && eb != 4 && eb != 8 || ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            return false;
        }
        int a = plan.perm()[plan.rank() - 1];
        return plan.shape()[a] >= MIN_EXTENT && plan.inputStrides()[a] >= MIN_EXTENT;
    }

    /** Transposes with up to {@code threads} threads (1: on the caller's thread only). */
    static void transpose(MemorySegment src, MemorySegment dst, TransposePlan plan, int eb, int threads) {
        TileGeometry job = new TileGeometry(plan, eb);
        ParallelParts.run(job.tileCount(), threads, (from, to) -> new Worker(job, src, dst).run(from, to));
    }

    /**
     * The fixed geometry of one transpose: the reduced axes, the tile extents and the scratch
     * pitches. Immutable, shared by the workers.
     */
    static final class TileGeometry {
        final int eb;
        final long[] shape;
        final long[] inStride;
        final long[] outStride;
        /** The output's innermost axis. */
        final int a;
        final long rows;
        final long cols;
        final int rowTile;
        final int colTile;
        final long rowTiles;
        final long outerCount;
        final long[] colExtent;
        final long[] colDstStep;
        /** Scratch row pitches, in longs. */
        final int inPitch;
        final int outPitch;

        TileGeometry(TransposePlan plan, int eb) {
            this.eb = eb;
            shape = plan.shape();
            int r = shape.length;
            a = plan.perm()[r - 1];
            inStride = plan.inputStrides();
            outStride = plan.outputStridesByInputAxis();
            rows = shape[a];
            cols = inStride[a];
            int k = 8 / eb;
            int tileElems = TILE_BYTES / eb;
            int runElems = RUN_BYTES / eb;
            int ct = (int) Math.min(roundUp(cols, k), runElems);
            int rt = (int) Math.min(roundUp(rows, k), roundDown(tileElems / ct, k));
            ct = (int) Math.min(roundUp(cols, k), roundDown(tileElems / rt, k));
            rowTile = rt;
            colTile = ct;
            inPitch = pad(ct / k);
            outPitch = pad(rt / k);
            rowTiles = (rows + rt - 1) / rt;
            long oc = 1;
            for (int i = 0; i < a; i++) {
                oc *= shape[i];
            }
            outerCount = oc;
            int ni = r - 1 - a;
            colExtent = new long[ni];
            colDstStep = new long[ni];
            for (int i = 0; i < ni; i++) {
                colExtent[i] = shape[a + 1 + i];
                colDstStep[i] = outStride[a + 1 + i];
            }
        }

        long tileCount() {
            return outerCount * rowTiles;
        }

        private static int pad(int longs) {
            return longs >= PAD_FROM_LONGS ? longs + PAD_LONGS : longs;
        }

        private static long roundUp(long n, int k) {
            return (n + k - 1) / k * k;
        }

        private static int roundDown(int n, int k) {
            return Math.max(k, n / k * k);
        }
    }

    /** One thread's share: its own scratch, and a range of (outer, row-tile) pairs to do. */
    private static final class Worker {
        private final TileGeometry g;
        private final MemorySegment src;
        private final MemorySegment dst;
        private final long[] in;
        private final long[] out;
        private final MemorySegment inSeg;
        private final MemorySegment outSeg;
        private final long[] colIdx;
        private final long[] colDst;

        Worker(TileGeometry g, MemorySegment src, MemorySegment dst) {
            this.g = g;
            this.src = src;
            this.dst = dst;
            in = new long[g.rowTile * g.inPitch];
            out = new long[g.colTile * g.outPitch];
            inSeg = MemorySegment.ofArray(in);
            outSeg = MemorySegment.ofArray(out);
            colIdx = new long[g.colExtent.length];
            colDst = new long[g.colTile + 1];
        }

        /** Tiles {@code from..to-1}, numbered outer-major then row tile. */
        void run(long from, long to) {
            int eb = g.eb;
            long inPitchBytes = 8L * g.inPitch;
            long outPitchBytes = 8L * g.outPitch;
            for (long tileNo = from; tileNo < to; tileNo++) {
                long outer = tileNo / g.rowTiles;
                long a0 = (tileNo % g.rowTiles) * g.rowTile;
                long srcBase = 0;
                long dstBase = 0;
                for (int k = g.a - 1; k >= 0; k--) {
                    long i = outer % g.shape[k];
                    outer /= g.shape[k];
                    srcBase += i * g.inStride[k];
                    dstBase += i * g.outStride[k];
                }
                int t = (int) Math.min(g.rowTile, g.rows - a0);
                Arrays.fill(colIdx, 0);
                long colOff = 0;
                for (long c0 = 0; c0 < g.cols; c0 += g.colTile) {
                    int jj = (int) Math.min(g.colTile, g.cols - c0);
                    gather((srcBase + a0 * g.cols + c0) * eb, t, jj, inPitchBytes);
                    colOff = columnTargets(colOff, jj);
                    WordTranspose.flip(eb, in, g.inPitch, out, g.outPitch, t, jj);
                    scatter((dstBase + a0) * eb, t, jj, outPitchBytes);
                }
            }
        }

        /** Copies {@code t} input runs of {@code jj} elements into the input scratch. */
        private void gather(long srcOff, int t, int jj, long pitch) {
            long runBytes = (long) jj * g.eb;
            long srcPitch = g.cols * g.eb;
            if (runBytes == pitch && srcPitch == pitch) {
                MemorySegment.copy(src, srcOff, inSeg, 0, t * runBytes);
                return;
            }
            for (int q = 0; q < t; q++) {
                MemorySegment.copy(src, srcOff + q * srcPitch, inSeg, q * pitch, runBytes);
            }
        }

        /**
         * Fills {@code colDst[0..jj-1]} with the output element offset of each column of this
         * tile, starting at {@code colOff}; returns the offset of the next column.
         */
        private long columnTargets(long colOff, int jj) {
            long[] extent = g.colExtent;
            long[] step = g.colDstStep;
            for (int j = 0; j < jj; j++) {
                colDst[j] = colOff;
                for (int k = colIdx.length - 1; k >= 0; k--) {
                    colOff += step[k];
                    if (++colIdx[k] < extent[k]) {
                        break;
                    }
                    colOff -= step[k] * extent[k];
                    colIdx[k] = 0;
                }
            }
            return colOff;
        }

        /** Copies the {@code jj} output runs of {@code t} elements to their places, merging adjacent ones. */
        private void scatter(long dstOff, int t, int jj, long pitch) {
            int eb = g.eb;
            long runBytes = (long) t * eb;
            boolean mergeable = runBytes == pitch && t == g.rows;
            int j = 0;
            while (j < jj) {
                int end = j + 1;
                if (mergeable) {
                    while (end < jj && colDst[end] == colDst[end - 1] + t) {
                        end++;
                    }
                }
                MemorySegment.copy(outSeg, j * pitch, dst, dstOff + colDst[j] * eb, (end - j) * runBytes);
                j = end;
            }
        }
    }
}
