package dev.rosetta.layout.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * The fast path of {@link Transpose} for 1-, 2-, 4- and 8-byte elements when the moving axes are
 * long enough: rows of the output's innermost axis {@code a} are tiled by {@link #ROWS}, the
 * contiguous block of input axes inside {@code a} ("columns") by {@link #COLS}. A tile is
 * gathered with one bulk {@link MemorySegment#copy} per row into a primitive scratch array,
 * transposed there in 4×4 register blocks (the arrays stay in L1/L2), and scattered with one bulk
 * copy per column, so memory is only ever touched in contiguous runs. Bytes move raw through
 * native-order views, so any byte order is kept.
 *
 * <p>Independent row tiles may run on several threads (a {@link ForkJoinPool}); each task owns
 * its scratch arrays and writes a disjoint part of the output.
 */
final class TileScratch {
    /** Tile extent along the output's innermost axis. */
    static final int ROWS = 64;
    /** Tile extent along the input's contiguous inner block. */
    static final int COLS = 256;
    /** Below this extent on either side the direct tiled loop is as good. */
    private static final int MIN_EXTENT = 16;

    private TileScratch() {
    }

    static boolean fits(TransposePlan plan, int eb) {
        if (eb != 1 && eb != 2 && eb != 4 && eb != 8) {
            return false;
        }
        int a = plan.perm()[plan.rank() - 1];
        return plan.shape()[a] >= MIN_EXTENT && plan.inputStrides()[a] >= MIN_EXTENT;
    }

    /**
     * Transposes with up to {@code threads} threads (1: on the caller's thread only).
     */
    static void transpose(MemorySegment src, MemorySegment dst, TransposePlan plan, int eb, int threads) {
        Job job = new Job(src, dst, plan, eb);
        long tiles = job.outerCount * job.rowTiles;
        if (threads <= 1 || tiles < 2) {
            job.run(0, tiles);
            return;
        }
        int parts = (int) Math.min(tiles, threads * 4L);
        List<RecursiveAction> tasks = new ArrayList<>(parts);
        for (int p = 0; p < parts; p++) {
            long from = tiles * p / parts;
            long to = tiles * (p + 1) / parts;
            tasks.add(new RecursiveAction() {
                private static final long serialVersionUID = 1L;

                @Override
                protected void compute() {
                    job.run(from, to);
                }
            });
        }
        ForkJoinPool pool = ForkJoinPool.commonPool();
        pool.invoke(new RecursiveAction() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void compute() {
                invokeAll(tasks);
            }
        });
    }

    /** The fixed geometry of one transpose; {@link #run} does a range of (outer, row-tile) pairs. */
    private static final class Job {
        final MemorySegment src;
        final MemorySegment dst;
        final int eb;
        final ValueLayout layout;
        final long[] shape;
        final long[] inStride;
        final long[] outStride;
        final int a;
        final long rows;
        final long cols;
        final long rowTiles;
        final long outerCount;
        final long[] colExtent;
        final long[] colDstStep;

        Job(MemorySegment src, MemorySegment dst, TransposePlan plan, int eb) {
            this.src = src;
            this.dst = dst;
            this.eb = eb;
            this.layout = switch (eb) {
                case 1 -> ValueLayout.JAVA_BYTE;
                case 2 -> ValueLayout.JAVA_SHORT_UNALIGNED;
                case 4 -> ValueLayout.JAVA_INT_UNALIGNED;
                default -> ValueLayout.JAVA_LONG_UNALIGNED;
            };
            shape = plan.shape();
            int r = shape.length;
            a = plan.perm()[r - 1];
            inStride = plan.inputStrides();
            outStride = plan.outputStridesByInputAxis();
            rows = shape[a];
            cols = inStride[a];
            rowTiles = (rows + ROWS - 1) / ROWS;
            long oc = 1;
            for (int k = 0; k < a; k++) {
                oc *= shape[k];
            }
            outerCount = oc;
            int ni = r - 1 - a;
            colExtent = new long[ni];
            colDstStep = new long[ni];
            for (int k = 0; k < ni; k++) {
                colExtent[k] = shape[a + 1 + k];
                colDstStep[k] = outStride[a + 1 + k];
            }
        }

        /** Tiles {@code from..to-1}, numbered outer-major then row tile. */
        void run(long from, long to) {
            Object in = newArray(eb, ROWS * COLS);
            Object out = newArray(eb, ROWS * COLS);
            long[] colIdx = new long[colExtent.length];
            long[] colDst = new long[COLS];
            for (long tileNo = from; tileNo < to; tileNo++) {
                long outer = tileNo / rowTiles;
                long a0 = (tileNo % rowTiles) * ROWS;
                long srcBase = 0;
                long dstBase = 0;
                for (int k = a - 1; k >= 0; k--) {
                    long i = outer % shape[k];
                    outer /= shape[k];
                    srcBase += i * inStride[k];
                    dstBase += i * outStride[k];
                }
                int t = (int) Math.min(ROWS, rows - a0);
                Arrays.fill(colIdx, 0);
                long colOff = 0;
                for (long c0 = 0; c0 < cols; c0 += COLS) {
                    int jj = (int) Math.min(COLS, cols - c0);
                    for (int q = 0; q < t; q++) {
                        MemorySegment.copy(src, layout, (srcBase + (a0 + q) * cols + c0) * eb, in, q * COLS, jj);
                    }
                    for (int j = 0; j < jj; j++) {
                        colDst[j] = colOff;
                        for (int k = colIdx.length - 1; k >= 0; k--) {
                            colOff += colDstStep[k];
                            if (++colIdx[k] < colExtent[k]) {
                                break;
                            }
                            colOff -= colDstStep[k] * colExtent[k];
                            colIdx[k] = 0;
                        }
                    }
                    switch (eb) {
                        case 1 -> flip((byte[]) in, (byte[]) out, t, jj);
                        case 2 -> flip((short[]) in, (short[]) out, t, jj);
                        case 4 -> flip((int[]) in, (int[]) out, t, jj);
                        default -> flip((long[]) in, (long[]) out, t, jj);
                    }
                    for (int j = 0; j < jj; j++) {
                        MemorySegment.copy(out, j * ROWS, dst, layout, (dstBase + colDst[j] + a0) * eb, t);
                    }
                }
            }
        }
    }

    private static Object newArray(int eb, int n) {
        return switch (eb) {
            case 1 -> new byte[n];
            case 2 -> new short[n];
            case 4 -> new int[n];
            default -> new long[n];
        };
    }


    // One flip per primitive array type: generics cannot abstract over primitive arrays without
    // boxing, which would cost far more than the transpose itself.

    /** {@code out[j*ROWS + q] = in[q*COLS + j]} for q < t, j < jj, in 4×4 register blocks. */
    private static void flip(byte[] in, byte[] out, int t, int jj) {
        int t4 = t & ~3;
        int j4 = jj & ~3;
        for (int q = 0; q < t4; q += 4) {
            for (int j = 0; j < j4; j += 4) {
                int s0 = q * COLS + j;
                int s1 = s0 + COLS;
                int s2 = s1 + COLS;
                int s3 = s2 + COLS;
                byte a0 = in[s0], a1 = in[s0 + 1], a2 = in[s0 + 2], a3 = in[s0 + 3];
                byte b0 = in[s1], b1 = in[s1 + 1], b2 = in[s1 + 2], b3 = in[s1 + 3];
                byte c0 = in[s2], c1 = in[s2 + 1], c2 = in[s2 + 2], c3 = in[s2 + 3];
                byte d0 = in[s3], d1 = in[s3 + 1], d2 = in[s3 + 2], d3 = in[s3 + 3];
                int o0 = j * ROWS + q;
                int o1 = o0 + ROWS;
                int o2 = o1 + ROWS;
                int o3 = o2 + ROWS;
                out[o0] = a0; out[o0 + 1] = b0; out[o0 + 2] = c0; out[o0 + 3] = d0;
                out[o1] = a1; out[o1 + 1] = b1; out[o1 + 2] = c1; out[o1 + 3] = d1;
                out[o2] = a2; out[o2 + 1] = b2; out[o2 + 2] = c2; out[o2 + 3] = d2;
                out[o3] = a3; out[o3 + 1] = b3; out[o3 + 2] = c3; out[o3 + 3] = d3;
            }
            for (int j = j4; j < jj; j++) {
                for (int k = q; k < q + 4; k++) {
                    out[j * ROWS + k] = in[k * COLS + j];
                }
            }
        }
        for (int q = t4; q < t; q++) {
            for (int j = 0; j < jj; j++) {
                out[j * ROWS + q] = in[q * COLS + j];
            }
        }
    }

    /** {@code out[j*ROWS + q] = in[q*COLS + j]} for q < t, j < jj, in 4×4 register blocks. */
    private static void flip(short[] in, short[] out, int t, int jj) {
        int t4 = t & ~3;
        int j4 = jj & ~3;
        for (int q = 0; q < t4; q += 4) {
            for (int j = 0; j < j4; j += 4) {
                int s0 = q * COLS + j;
                int s1 = s0 + COLS;
                int s2 = s1 + COLS;
                int s3 = s2 + COLS;
                short a0 = in[s0], a1 = in[s0 + 1], a2 = in[s0 + 2], a3 = in[s0 + 3];
                short b0 = in[s1], b1 = in[s1 + 1], b2 = in[s1 + 2], b3 = in[s1 + 3];
                short c0 = in[s2], c1 = in[s2 + 1], c2 = in[s2 + 2], c3 = in[s2 + 3];
                short d0 = in[s3], d1 = in[s3 + 1], d2 = in[s3 + 2], d3 = in[s3 + 3];
                int o0 = j * ROWS + q;
                int o1 = o0 + ROWS;
                int o2 = o1 + ROWS;
                int o3 = o2 + ROWS;
                out[o0] = a0; out[o0 + 1] = b0; out[o0 + 2] = c0; out[o0 + 3] = d0;
                out[o1] = a1; out[o1 + 1] = b1; out[o1 + 2] = c1; out[o1 + 3] = d1;
                out[o2] = a2; out[o2 + 1] = b2; out[o2 + 2] = c2; out[o2 + 3] = d2;
                out[o3] = a3; out[o3 + 1] = b3; out[o3 + 2] = c3; out[o3 + 3] = d3;
            }
            for (int j = j4; j < jj; j++) {
                for (int k = q; k < q + 4; k++) {
                    out[j * ROWS + k] = in[k * COLS + j];
                }
            }
        }
        for (int q = t4; q < t; q++) {
            for (int j = 0; j < jj; j++) {
                out[j * ROWS + q] = in[q * COLS + j];
            }
        }
    }

    /** {@code out[j*ROWS + q] = in[q*COLS + j]} for q < t, j < jj, in 4×4 register blocks. */
    private static void flip(int[] in, int[] out, int t, int jj) {
        int t4 = t & ~3;
        int j4 = jj & ~3;
        for (int q = 0; q < t4; q += 4) {
            for (int j = 0; j < j4; j += 4) {
                int s0 = q * COLS + j;
                int s1 = s0 + COLS;
                int s2 = s1 + COLS;
                int s3 = s2 + COLS;
                int a0 = in[s0], a1 = in[s0 + 1], a2 = in[s0 + 2], a3 = in[s0 + 3];
                int b0 = in[s1], b1 = in[s1 + 1], b2 = in[s1 + 2], b3 = in[s1 + 3];
                int c0 = in[s2], c1 = in[s2 + 1], c2 = in[s2 + 2], c3 = in[s2 + 3];
                int d0 = in[s3], d1 = in[s3 + 1], d2 = in[s3 + 2], d3 = in[s3 + 3];
                int o0 = j * ROWS + q;
                int o1 = o0 + ROWS;
                int o2 = o1 + ROWS;
                int o3 = o2 + ROWS;
                out[o0] = a0; out[o0 + 1] = b0; out[o0 + 2] = c0; out[o0 + 3] = d0;
                out[o1] = a1; out[o1 + 1] = b1; out[o1 + 2] = c1; out[o1 + 3] = d1;
                out[o2] = a2; out[o2 + 1] = b2; out[o2 + 2] = c2; out[o2 + 3] = d2;
                out[o3] = a3; out[o3 + 1] = b3; out[o3 + 2] = c3; out[o3 + 3] = d3;
            }
            for (int j = j4; j < jj; j++) {
                for (int k = q; k < q + 4; k++) {
                    out[j * ROWS + k] = in[k * COLS + j];
                }
            }
        }
        for (int q = t4; q < t; q++) {
            for (int j = 0; j < jj; j++) {
                out[j * ROWS + q] = in[q * COLS + j];
            }
        }
    }

    /** {@code out[j*ROWS + q] = in[q*COLS + j]} for q < t, j < jj, in 4×4 register blocks. */
    private static void flip(long[] in, long[] out, int t, int jj) {
        int t4 = t & ~3;
        int j4 = jj & ~3;
        for (int q = 0; q < t4; q += 4) {
            for (int j = 0; j < j4; j += 4) {
                int s0 = q * COLS + j;
                int s1 = s0 + COLS;
                int s2 = s1 + COLS;
                int s3 = s2 + COLS;
                long a0 = in[s0], a1 = in[s0 + 1], a2 = in[s0 + 2], a3 = in[s0 + 3];
                long b0 = in[s1], b1 = in[s1 + 1], b2 = in[s1 + 2], b3 = in[s1 + 3];
                long c0 = in[s2], c1 = in[s2 + 1], c2 = in[s2 + 2], c3 = in[s2 + 3];
                long d0 = in[s3], d1 = in[s3 + 1], d2 = in[s3 + 2], d3 = in[s3 + 3];
                int o0 = j * ROWS + q;
                int o1 = o0 + ROWS;
                int o2 = o1 + ROWS;
                int o3 = o2 + ROWS;
                out[o0] = a0; out[o0 + 1] = b0; out[o0 + 2] = c0; out[o0 + 3] = d0;
                out[o1] = a1; out[o1 + 1] = b1; out[o1 + 2] = c1; out[o1 + 3] = d1;
                out[o2] = a2; out[o2 + 1] = b2; out[o2 + 2] = c2; out[o2 + 3] = d2;
                out[o3] = a3; out[o3 + 1] = b3; out[o3 + 2] = c3; out[o3 + 3] = d3;
            }
            for (int j = j4; j < jj; j++) {
                for (int k = q; k < q + 4; k++) {
                    out[j * ROWS + k] = in[k * COLS + j];
                }
            }
        }
        for (int q = t4; q < t; q++) {
            for (int j = 0; j < jj; j++) {
                out[j * ROWS + q] = in[q * COLS + j];
            }
        }
    }
}
